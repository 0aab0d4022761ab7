"""Forms for the paper size and for a new share link."""

from __future__ import annotations

from django import forms

from safetouch.core.forms import CheckedInputs
from safetouch.handoff.models import DEFAULT_DAYS, MAX_DAYS
from safetouch.handoff.selectors import PAPERS


class PaperForm(forms.Form):
    paper = forms.ChoiceField(choices=list(PAPERS.items()), required=False, label="Paper")

    def chosen(self) -> str:
        return (self.cleaned_data.get("paper") if self.is_valid() else None) or "a4"


class ShareLinkForm(CheckedInputs, forms.Form):
    therapist_name = forms.CharField(
        max_length=100,
        label="Therapist's name",
        widget=forms.TextInput(attrs={"list": "therapist-names", "autocomplete": "off"}),
        help_text="Who the link is for; you see it in the list and can revoke it.",
    )
    days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        label="Valid for (days)",
        help_text=f"From 1 to {MAX_DAYS} days; {DEFAULT_DAYS} unless you choose otherwise.",
    )

    def clean_days(self) -> int:
        days = self.cleaned_data["days"]
        return DEFAULT_DAYS if days is None else days

    def clean_therapist_name(self) -> str:
        name = self.cleaned_data["therapist_name"].strip()
        if not name:
            raise forms.ValidationError("Enter the therapist's name.")
        return name
