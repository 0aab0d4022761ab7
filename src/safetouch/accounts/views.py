"""The landing page, sign-up, login and her account settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safetouch.accounts.forms import DeleteAccountForm, SettingsForm, SignupForm
from safetouch.accounts.services import account_create, account_delete
from safetouch.records.access import own_profile


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(request.user.start_page)
    return render(request, "accounts/home.html")


class Login(LoginView):
    """The login page; without a `next`, a therapist lands on her clients."""

    def get_default_redirect_url(self) -> str:
        return reverse(self.request.user.start_page)


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = account_create(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            role=form.cleaned_data["role"],
            time_zone=form.cleaned_data["time_zone"],
        )
        login(request, user, backend="safetouch.accounts.backends.ModelBackend")
        return redirect(user.start_page)
    return render(
        request, "registration/signup.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    """Delete the account and all its health data, after the password."""
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, "Your account and all your records are deleted.")
        return redirect("home")
    context = {"form": form, "profile": own_profile(request.user)}
    status = 422 if form.errors else 200
    return render(request, "accounts/delete.html", context, status=status)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """Her time zone, her reminder emails, and links to password and two-step login."""
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("account_settings")
    context = {"form": form, "profile": own_profile(request.user)}
    return render(request, "accounts/settings.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def first_run_hide(request: HttpRequest) -> HttpResponse:
    request.user.first_run_hidden = True
    request.user.save(update_fields=["first_run_hidden"])
    return redirect("dashboard")
