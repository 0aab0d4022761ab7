"""Sign-up: an email, a first name, a role and a password of at least 12 characters."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import UserCreationForm

from safetouch.accounts.models import DEFAULT_TIME_ZONE, User
from safetouch.core.forms import CheckedInputs


def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


class SignupForm(CheckedInputs, UserCreationForm):
    first_name = forms.CharField(max_length=60, label="First name")
    role = forms.ChoiceField(
        choices=User.Role.choices,
        initial=User.Role.CLIENT,
        widget=forms.RadioSelect,
        label="I am",
    )

    # Filled in by the browser (static/safetouch/app.js); UTC when it cannot tell.
    time_zone = forms.CharField(
        max_length=64, required=False, widget=forms.HiddenInput, initial=DEFAULT_TIME_ZONE
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "role"]

    def clean_time_zone(self) -> str:
        """A browser that sends no zone, or a zone this server does not know, gets UTC;
        she can change it in her settings. Sign-up never fails over it."""
        value = (self.cleaned_data.get("time_zone") or "").strip()
        return value if value in zoneinfo.available_timezones() else DEFAULT_TIME_ZONE

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email


class DeleteAccountForm(forms.Form):
    """Deleting everything asks for the password, so a borrowed phone cannot do it."""

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
    )
    confirm = forms.BooleanField(
        label="I understand that my records are deleted for good and cannot be restored.",
    )

    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        """Checked through `authenticate`, so django-axes counts a wrong password here as
        at the login, and a locked account is refused whatever is typed."""
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.request.user.email, password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError("That is not your password.")
        return password


class SettingsForm(CheckedInputs, forms.ModelForm):
    """Her time zone and which reminder emails she gets."""

    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        label="Time zone",
        help_text="Every time on these pages, in emails and in files is shown in this zone.",
    )

    class Meta:
        model = User
        fields = [
            "time_zone",
            "remind_booking",
            "remind_stretching",
            "remind_outcome",
            "remind_flare",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.instance
        # Each person sees only the kinds of reminder that can reach her.
        if user.is_therapist:
            for name in ("remind_booking", "remind_stretching", "remind_outcome"):
                del self.fields[name]
        else:
            del self.fields["remind_flare"]
