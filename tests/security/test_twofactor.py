"""Optional two-step login with an authenticator app (TOTP, django-otp)."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, client_for


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _turn_on(c: Client, user) -> TOTPDevice:
    page = c.post("/account/two-factor/", {"action": "start"})
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user)
    assert (
        c.post("/account/two-factor/", {"action": "confirm", "token": _code(device)}).status_code
        == 302
    )
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_wrong_code_does_not_turn_it_on(bob):
    c = client_for(bob)
    c.post("/account/two-factor/", {"action": "start"})
    response = c.post("/account/two-factor/", {"action": "confirm", "token": "000000"})
    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(user=bob, confirmed=True).exists()


def test_after_turning_it_on_a_login_needs_the_code(bob, alice_profile):
    device = _turn_on(client_for(bob), bob)
    c = Client()
    c.post("/accounts/login/", {"username": "bob@example.com", "password": PASSWORD})
    records = f"/clients/{alice_profile.pk}/body-map/"
    response = c.get(records)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
    assert c.post("/account/two-factor/verify/", {"token": "000000"}).status_code == 422
    assert c.get(records).status_code == 302
    device.refresh_from_db()
    # A wrong code throttles the next try for a second; a code is used once per step.
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    response = c.post("/account/two-factor/verify/", {"token": _code(device), "next": records})
    assert response.status_code == 302 and response["Location"] == records
    assert c.get(records).status_code == 200


def test_it_can_be_turned_off_with_a_current_code(bob):
    c = client_for(bob)
    device = _turn_on(c, bob)
    device.last_t = -1
    device.save()
    assert (
        c.post("/account/two-factor/", {"action": "disable", "token": _code(device)}).status_code
        == 302
    )
    assert not TOTPDevice.objects.filter(user=bob).exists()
