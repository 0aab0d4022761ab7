"""Passwords: Django's own reset and change views, throttled, and ending her other logins.

A reset link is Django's one-time token: it expires after PASSWORD_RESET_TIMEOUT and is
spent once the password changes (the token covers the password hash). Reset emails are
throttled per address and per connection with rows in the database, so the count holds
across every worker process and machine without a shared cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from safetouch.accounts.models import PasswordResetRequest, User
from safetouch.accounts.services import sessions_end
from safetouch.core.addresses import client_ip

RESET_WINDOW = dt.timedelta(hours=1)
RESETS_PER_ADDRESS = 3  # reset emails to one address in RESET_WINDOW
RESETS_PER_CONNECTION = 10  # reset requests from one IP address in RESET_WINDOW


def email_digest(email: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def reset_allowed(*, email: str, ip: str | None, now: dt.datetime | None = None) -> bool:
    """Count this request and say whether it is within the limits."""
    now = now or timezone.now()
    since = now - RESET_WINDOW
    PasswordResetRequest.objects.filter(at__lt=now - 2 * RESET_WINDOW).delete()
    digest = email_digest(email)
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    over = recent.filter(email_digest=digest).count() >= RESETS_PER_ADDRESS or (
        ip is not None and recent.filter(ip=ip).count() >= RESETS_PER_CONNECTION
    )
    if not over:
        PasswordResetRequest.objects.create(email_digest=digest, ip=ip, at=now)
    return not over


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "email/password_reset.txt"
    html_email_template_name = "email/password_reset.html"
    subject_template_name = "email/password_reset_subject.txt"

    def form_valid(self, form) -> HttpResponse:
        if not reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def dispatch(self, *args, **kwargs) -> HttpResponse:
        response = super().dispatch(*args, **kwargs)
        if not getattr(self, "validlink", False) and response.status_code == 200:
            response.status_code = 410  # spent, expired or made up: the page says so
        return response

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        _after_new_password(form.user, keep=None)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)  # keeps this login (update_session_auth_hash)
        _after_new_password(form.user, keep=self.request.session.session_key)
        return response


def _after_new_password(user: User, *, keep: str | None) -> None:
    """Her other logins end: their sessions are deleted (Django would also refuse them at
    their next request, as their password hash no longer matches). A lockout from wrong
    passwords is lifted, since she has just proved the account is hers."""
    from axes.utils import reset as axes_reset

    sessions_end(user, keep=keep)
    axes_reset(username=user.email)
