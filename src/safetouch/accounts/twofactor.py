"""Optional TOTP two-factor login (django-otp), meant for therapists with many clients.

Once a user confirms an authenticator app, every session of hers must pass the
code page before any other page answers.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safetouch.core.prepared import Prepared

# Pages a half-logged-in user may still reach: the code page itself and logging out.
OPEN_TO_UNVERIFIED = ("twofactor_verify", "logout")


class TwoFactorMiddleware:
    """Send a user with a confirmed device to the code page until she passes it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or _confirmed(user) is None:
            return None
        if request.resolver_match and request.resolver_match.url_name in OPEN_TO_UNVERIFIED:
            return None
        return redirect(f"{reverse('twofactor_verify')}?next={request.path}")


def _confirmed(user) -> TOTPDevice | None:
    """Her confirmed authenticator, if she has one (the only kind of device here)."""
    found = _CONFIRMED.run(user_id=user.pk)
    return found[0] if found else None


# Asked on every request of a logged-in user: compiled once (safetouch.core.prepared).
_CONFIRMED = Prepared(
    lambda user_id: TOTPDevice.objects.filter(user_id=user_id, confirmed=True).order_by("pk")[:1],
    user_id=int,
)


def _qr_data_uri(device: TOTPDevice) -> str:
    # A data: URI image, because the Content-Security-Policy forbids inline SVG styles.
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@login_required
def twofactor_setup(request: HttpRequest) -> HttpResponse:
    """Turn TOTP on (scan, then confirm with a code) or off (with a current code)."""
    device = _confirmed(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start" and device is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        pending = TOTPDevice.objects.create(
            user=request.user, name="Authenticator", confirmed=False
        )
        return _setup_page(request, pending=pending)
    if action == "confirm" and device is None:
        return _confirm(request)
    if action == "disable" and device is not None:
        return _disable(request, device)
    return _setup_page(request, device=device)


def _setup_page(request: HttpRequest, status: int = 200, **context) -> HttpResponse:
    pending = context.get("pending")
    if pending:
        context.update(qr=_qr_data_uri(pending), secret=_base32(pending))
    return render(request, "registration/twofactor_setup.html", context, status=status)


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if pending is None:
        return redirect("twofactor_setup")
    if not pending.verify_token(request.POST.get("token", "").strip()):
        error = "token: that code did not match; check the clock on your phone and try again."
        return _setup_page(request, status=422, pending=pending, error=error)
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    otp_login(request, pending)
    messages.success(request, "Two-step login is on. You will be asked for a code at each login.")
    return redirect("twofactor_setup")


def _disable(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    if not device.verify_token(request.POST.get("token", "").strip()):
        error = "token: enter a current code from your app to turn two-step login off."
        return _setup_page(request, status=422, device=device, error=error)
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, "Two-step login is off.")
    return redirect("twofactor_setup")


@login_required
def twofactor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator app."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    device = _confirmed(request.user)
    if device is None or request.user.is_verified():
        return redirect(target or request.user.start_page)
    error = None
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            otp_login(request, device)
            return redirect(target or request.user.start_page)
        error = "token: that code did not match. Codes change every 30 seconds."
    context = {"next": target, "error": error}
    return render(
        request, "registration/twofactor_verify.html", context, status=422 if error else 200
    )
