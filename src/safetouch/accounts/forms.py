"""Sign-up: an email, a first name, a role and a password of at least 12 characters."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import UserCreationForm

from safetouch.accounts.models import User
from safetouch.core.forms import CheckedInputs


class SignupForm(CheckedInputs, UserCreationForm):
    first_name = forms.CharField(max_length=60, label="First name")
    role = forms.ChoiceField(
        choices=User.Role.choices,
        initial=User.Role.CLIENT,
        widget=forms.RadioSelect,
        label="I am",
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "role"]

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
