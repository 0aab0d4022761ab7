"""Forms between sessions: the check-in, her routine and her settings."""

from __future__ import annotations

import datetime as dt

from django import forms

from safetouch.core.forms import CheckedInputs
from safetouch.engine.catalog import REGIONS
from safetouch.engine.stretches import STRETCHES
from safetouch.records.models import SAFE_STRETCH_CHOICES, TRAINING_MAX_MINUTES, Preferences

SCORE_ERRORS = {
    "min_value": "0 to 10 only.",
    "max_value": "0 to 10 only.",
    "invalid": "A whole number, 0 to 10.",
}
# Outdoor temperatures people check in from; anything else is a typo.
TEMPERATURE_RANGE = {"C": (-50.0, 50.0), "F": (-58.0, 122.0)}


def fahrenheit_to_celsius(value: float) -> float:
    return (value - 32) * 5 / 9


def celsius_to_fahrenheit(value: float) -> float:
    return value * 9 / 5 + 32


class CheckInForm(CheckedInputs, forms.Form):
    at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    training_minutes = forms.IntegerField(
        label="Training since your last check-in (minutes)",
        min_value=0,
        max_value=TRAINING_MAX_MINUTES,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    unit = forms.ChoiceField(label="Unit", choices=Preferences.Unit.choices)
    temperature = forms.FloatField(
        label="Outdoor temperature",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )
    stretches = forms.MultipleChoiceField(
        label="Stretches done since your last check-in",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, regions: list[str], stretches: list[str], now: dt.datetime, **kw):
        super().__init__(*args, **kw)
        self.regions = regions
        self.now = now
        self.fields["stretches"].choices = [(s, STRETCHES[s].name) for s in stretches]
        for region in regions:
            self.fields[f"t_{region}"] = forms.IntegerField(
                label=REGIONS[region].name,
                min_value=0,
                max_value=10,
                required=False,
                error_messages=SCORE_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
            )

    def clean_at(self) -> dt.datetime:
        at = self.cleaned_data["at"]
        if at > self.now + dt.timedelta(minutes=5):
            raise forms.ValidationError("A check-in can't be in the future.")
        return at

    def clean_temperature(self) -> float | None:
        value = self.cleaned_data.get("temperature")
        unit = self.cleaned_data.get("unit") or "C"
        if value is None:
            return None
        low, high = TEMPERATURE_RANGE[unit]
        if not low <= value <= high:
            raise forms.ValidationError(f"Must be from {low:g} to {high:g} °{unit}.")
        return value

    def clean(self) -> dict:
        data = super().clean()
        if self.regions and not self.errors and not self.tightness():
            first = f"t_{self.regions[0]}"
            self.add_error(first, "Give the tightness of at least one region.")
        return data

    def tightness(self) -> dict[str, int]:
        values = {r: self.cleaned_data.get(f"t_{r}") for r in self.regions}
        return {r: v for r, v in values.items() if v is not None}

    def temperature_c(self) -> float | None:
        value = self.cleaned_data.get("temperature")
        if value is None or self.cleaned_data.get("unit") != "F":
            return value
        return fahrenheit_to_celsius(value)

    def rows(self) -> list[tuple[str, forms.BoundField | None, forms.BoundField | None]]:
        """(region group name, left or centre field, right field) for a compact table."""
        rows: dict[str, list] = {}
        for region in self.regions:
            info = REGIONS[region]
            name = info.name.split(" ", 1)[1].capitalize() if info.side != "center" else info.name
            row = rows.setdefault(info.group, [name, None, None])
            row[2 if info.side == "right" else 1] = self[f"t_{region}"]
        return [tuple(row) for row in rows.values()]


class RoutineForm(forms.Form):
    stretches = forms.MultipleChoiceField(
        label="My routine",
        choices=SAFE_STRETCH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["limit_level", "stretch_days", "temperature_unit"]
        widgets = {
            "limit_level": forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
            "stretch_days": forms.NumberInput(attrs={"min": 1, "max": 7, "inputmode": "numeric"}),
        }
