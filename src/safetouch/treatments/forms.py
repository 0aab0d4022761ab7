"""Forms to log a session, its items and the next-day outcome."""

from __future__ import annotations

from django import forms

from safetouch.core import inputs
from safetouch.core.forms import CheckedInputs
from safetouch.engine.catalog import REGIONS
from safetouch.records.models import (
    PRESSURE_CHOICES,
    REGION_CHOICES,
    TAP_ACTIONS,
    TECHNIQUE_CHOICES,
    MassageSession,
)
from safetouch.widgets import FastSelect


class SessionForm(CheckedInputs, forms.ModelForm):
    new_therapist = forms.CharField(
        max_length=100, required=False, label="…or a new therapist's name"
    )

    class Meta:
        model = MassageSession
        fields = ["date", "therapist", "minutes", "position", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "minutes": forms.NumberInput(attrs={"min": 1, "max": 240}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = client.therapists.all()
        self.fields["minutes"].min_value = 1
        self.fields["minutes"].validators.append(_range(1, 240))


class ItemForm(forms.Form):
    region = forms.ChoiceField(choices=REGION_CHOICES, widget=FastSelect)
    technique = forms.ChoiceField(choices=TECHNIQUE_CHOICES, widget=FastSelect)
    pressure = forms.TypedChoiceField(
        choices=PRESSURE_CHOICES, coerce=int, initial=3, widget=FastSelect
    )
    minutes = forms.IntegerField(min_value=1, max_value=180, initial=10)
    too_much = forms.BooleanField(required=False, label="Too much")
    # Shown only after the warning: logging what broke her limits is a knowing choice.
    confirm_breaks = forms.BooleanField(
        required=False, label="Log it anyway: this is what was done, and it will be marked"
    )

    def item(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_breaks"}


TIGHTNESS = {"min_value": 0, "max_value": 10, "required": False}


class OutcomeForm(CheckedInputs, forms.Form):
    flare = forms.TypedChoiceField(
        choices=[("no", "No, the joints were fine"), ("yes", "Yes, they locked up or flared")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did the joints lock up or flare after the session?",
    )
    hours_after = forms.IntegerField(
        min_value=0, max_value=96, required=False, label="If they flared: how many hours after?"
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=inputs.NOTE_MAX
    )

    def __init__(self, *args, regions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.regions = regions
        for region in regions:
            name = REGIONS[region].name
            self.fields[f"before_{region}"] = forms.IntegerField(
                label=f"{name} before", **TIGHTNESS
            )
            self.fields[f"after_{region}"] = forms.IntegerField(label=f"{name} after", **TIGHTNESS)

    def clean(self) -> dict:
        """The hours belong to a flare: with "No", a number typed before switching to No
        is dropped, not held against her (the page hides the field then)."""
        data = super().clean()
        if data.get("flare") is False:
            data["hours_after"] = None
            self.errors.pop("hours_after", None)
        return data

    def tightness_rows(self):
        """(region name, before field, after field) for the template's table."""
        return [(REGIONS[r].name, self[f"before_{r}"], self[f"after_{r}"]) for r in self.regions]

    def tightness(self) -> dict[str, tuple[int | None, int | None]]:
        data = self.cleaned_data
        readings = {r: (data.get(f"before_{r}"), data.get(f"after_{r}")) for r in self.regions}
        return {r: pair for r, pair in readings.items() if pair != (None, None)}


def _range(low: int, high: int):
    def check(value: int | None) -> None:
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(f"Must be from {low} to {high}.")

    return check


class LighterOkForm(forms.Form):
    """Her word on one flagged pair: it may be tried again, lighter (or not any more)."""

    region = forms.ChoiceField(choices=REGION_CHOICES)
    technique = forms.ChoiceField(choices=TECHNIQUE_CHOICES)
    lighter_ok = forms.TypedChoiceField(
        choices=[("yes", "Lighter is OK"), ("no", "Never again")], coerce=lambda v: v == "yes"
    )

    def __init__(self, *args, flagged: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.flagged = {(f["region"], f["technique"]) for f in flagged}

    def clean(self) -> dict:
        data = super().clean()
        pair = (data.get("region"), data.get("technique"))
        if None not in pair and pair not in self.flagged:
            raise forms.ValidationError("She has not flagged this as too much.")
        return data


class TapForm(forms.Form):
    """One tap of in-session mode, as the browser sends it (JSON)."""

    key = forms.UUIDField()
    action = forms.ChoiceField(choices=TAP_ACTIONS)
    row = forms.IntegerField(min_value=0, max_value=99, required=False)
    region = forms.ChoiceField(choices=REGION_CHOICES, required=False)
    technique = forms.ChoiceField(choices=TECHNIQUE_CHOICES, required=False)
    pressure = forms.IntegerField(min_value=1, max_value=5, required=False)
    minutes = forms.IntegerField(min_value=1, max_value=180, required=False)
    of = forms.UUIDField(required=False)
    text = forms.CharField(max_length=500, required=False, strip=True)
    confirm_breaks = forms.BooleanField(required=False)

    ITEM = ("region", "technique", "pressure", "minutes")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") in ("done", "too_much", "lighter"):
            for name in self.ITEM:
                if name not in self.errors and data.get(name) in (None, ""):
                    self.add_error(name, "Required to record an item.")
        if data.get("action") == "flag" and not data.get("of") and "of" not in self.errors:
            self.add_error("of", "Name the tap that recorded the item.")
        return data

    def tap(self) -> dict:
        data = self.cleaned_data
        item = {name: data[name] for name in self.ITEM} if data["region"] else None
        return {
            "key": data["key"],
            "action": data["action"],
            "row": data["row"],
            "item": item,
            "of": data["of"],
            "text": data["text"],
            "confirm_breaks": data["confirm_breaks"],
        }

    def error_list(self) -> list[dict]:
        return [
            {"field": field, "message": str(message)}
            for field, messages in self.errors.items()
            for message in messages
        ]
