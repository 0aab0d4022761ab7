"""Forms for inviting a therapist and for accepting a code."""

from __future__ import annotations

from django import forms

from safetouch.core.forms import CheckedInputs
from safetouch.records.models import ACCESS_ALLOWS, CareGrant


class InviteForm(CheckedInputs, forms.Form):
    how = forms.ChoiceField(
        # The therapist may be anyone: the choices do not guess how to address them.
        choices=[
            ("email", "Email the therapist a code"),
            ("code", "Show me a code to hand over in person"),
        ],
        initial="email",
        widget=forms.RadioSelect,
        label="How",
    )
    email = forms.EmailField(
        required=False, label="Therapist's email", help_text="Only with an email invitation."
    )
    access = forms.ChoiceField(
        # Each choice says exactly what it allows: the client decides on the words.
        choices=[(v, f"{label}. {ACCESS_ALLOWS[v]}") for v, label in CareGrant.Access.choices],
        initial=CareGrant.Access.READ,
        widget=forms.RadioSelect,
        label="Access",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("how") == "email" and not data.get("email"):
            self.add_error("email", "Enter the email address to send the invitation to.")
        return data


class CodeForm(CheckedInputs, forms.Form):
    code = forms.CharField(
        max_length=20,
        label="Invitation code",
        help_text="From your client or her email, e.g. ABCDE-FGHJK.",
    )
