"""Forms for the body map, banned techniques and positioning."""

from __future__ import annotations

from django import forms

from safetouch.core.forms import CheckedInputs
from safetouch.records.models import (
    PRESSURE_CHOICES,
    REGION_CHOICES,
    TECHNIQUE_CHOICES,
    ClientProfile,
    ZoneRule,
)


class ZoneForm(forms.Form):
    region = forms.ChoiceField(choices=REGION_CHOICES)
    rule = forms.ChoiceField(choices=[("", "No rule"), *ZoneRule.Rule.choices], required=False)
    pressure_cap = forms.TypedChoiceField(
        choices=[("", "No cap"), *PRESSURE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        label="Pressure cap",
    )
    # Taking a region out of never touch is asked twice: once here, once on the map.
    confirm = forms.BooleanField(
        required=False, label="Yes, it may be touched again: remove it from never touch"
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("rule") == ZoneRule.Rule.CAUTION and not data.get("pressure_cap"):
            self.add_error("pressure_cap", "A caution zone needs a pressure cap from 1 to 5.")
        if data.get("rule") == ZoneRule.Rule.AVOID:
            data["pressure_cap"] = None
        return data


class BannedForm(forms.Form):
    technique = forms.ChoiceField(choices=TECHNIQUE_CHOICES)
    region = forms.ChoiceField(
        choices=[("", "Anywhere"), *REGION_CHOICES], required=False, label="Where"
    )


class PositioningForm(CheckedInputs, forms.ModelForm):
    risk_tolerance_percent = forms.FloatField(
        min_value=0.1,
        max_value=50,
        label="Highest acceptable chance of a flare from one session (%)",
        help_text="The planner keeps each session's estimated flare risk below this.",
    )

    class Meta:
        model = ClientProfile
        fields = ["first_name", "position", "prone_max_minutes", "positioning_notes"]
        widgets = {"prone_max_minutes": forms.NumberInput(attrs={"min": 0, "max": 180})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prone_max_minutes"].validators.append(_max_180)
        if self.instance.pk:
            self.initial["risk_tolerance_percent"] = round(self.instance.risk_tolerance * 100, 1)

    def changes(self) -> dict:
        """The profile's fields as entered, for `services.profile_update`: the form never
        saves, so a looser limit is always judged and recorded."""
        entered = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**entered, "risk_tolerance": self.cleaned_data["risk_tolerance_percent"] / 100}


def _max_180(value: int | None) -> None:
    if value is not None and value > 180:
        raise forms.ValidationError("At most 180 minutes.")
