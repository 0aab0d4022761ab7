"""Login lockout, idle logout, the Content-Security-Policy, deploy settings, passwords."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from tests.conftest import PASSWORD, client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "safetouch" / "templates"
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _login(c: Client, password: str):
    return c.post("/accounts/login/", {"username": "alice@example.com", "password": password})


def test_five_wrong_passwords_lock_the_account(settings, alice):
    settings.AXES_ENABLED = True
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(c, "wrong password").status_code == 200
    locked = _login(c, "wrong password")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # Even the right password is refused while locked, from another address too.
    other = Client(REMOTE_ADDR="192.0.2.99")
    response = other.post(
        "/accounts/login/", {"username": "Alice@Example.com ", "password": PASSWORD}
    )
    assert response.status_code == 429


def _lock(settings, address: str = "192.0.2.1") -> None:
    c = Client(REMOTE_ADDR=address)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(c, "wrong password")


@pytest.mark.parametrize("typed", ["alice@example.com", "ALICE@example.com", " Alice@Example.COM"])
def test_a_locked_account_answers_alike_from_every_address(settings, alice, typed):
    settings.AXES_ENABLED = True
    _lock(settings)
    answers = []
    for address in ["198.51.100.7", "203.0.113.9", "2001:db8::5"]:
        for password in [PASSWORD, "wrong password"]:
            response = Client(REMOTE_ADDR=address).post(
                "/accounts/login/", {"username": typed, "password": password}
            )
            body = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", response.text)  # fresh per answer
            answers.append((response.status_code, body))
    assert {status for status, _ in answers} == {429}
    assert len({body for _, body in answers}) == 1, "a right password must not look different"


def test_logins_ignore_the_case_of_the_email(settings, alice):
    settings.AXES_ENABLED = True
    response = Client().post(
        "/accounts/login/", {"username": "ALICE@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_the_delete_prompt_counts_wrong_passwords_and_obeys_the_lock(settings, alice):
    settings.AXES_ENABLED = True
    c = Client(REMOTE_ADDR="198.51.100.7")
    c.force_login(alice)
    form = {"password": "wrong password", "confirm": "on"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert c.post("/account/delete/", form).status_code == 422
    assert c.post("/account/delete/", form).status_code == 429
    # Locked: the right password no longer deletes anything, and looks the same.
    right = c.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert right.status_code == 429
    alice.refresh_from_db()
    assert alice.is_active
    # The login page is locked for her too, from another address.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert _login(other, PASSWORD).status_code == 429


def test_the_lock_lifts_after_the_cool_off(settings, alice):
    settings.AXES_ENABLED = True
    with time_machine.travel(START, tick=False) as clock:
        c = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(c, "wrong password")
        assert _login(c, PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert _login(c, PASSWORD).status_code == 302


def test_the_right_password_logs_in_with_lockout_on(settings, alice):
    settings.AXES_ENABLED = True
    response = _login(Client(), PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_an_idle_session_ends_after_30_minutes(alice):
    with time_machine.travel(START, tick=False) as clock:
        c = client_for(alice)
        assert c.get("/dashboard/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert c.get("/dashboard/").status_code == 200  # a request restarts the clock
        clock.shift(dt.timedelta(minutes=29))
        assert c.get("/dashboard/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = c.get("/dashboard/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_page_sends_a_policy_without_unsafe_inline(alice):
    response = client_for(alice).get("/dashboard/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_style_or_handler():
    offenders = []
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|<style\b|\son[a-z]+=", re.I)
    for path in TEMPLATES.rglob("*.html"):
        if path.relative_to(TEMPLATES).parts[0] == "email":
            continue  # emails are read in mail clients, which need inline styles; no CSP
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if inline.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()[:80]}")
    assert not offenders, "inline code the CSP would block:\n" + "\n".join(offenders)


def test_a_short_password_is_refused_on_the_field(db):
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "first_name": "New",
            "role": "client",
            "password1": "short-pw-11",
            "password2": "short-pw-11",
        },
    )
    assert response.status_code == 422
    assert "at least 12 characters" in response.content.decode()


# A clean environment: only what a production host sets, not the test run's extras.
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "HOME": os.environ.get("HOME", "/tmp"),
    "SAFETOUCH_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-test-key-0123456789abcdefghij",
    "ALLOWED_HOSTS": "safetouch.example.org",
    "DJANGO_SETTINGS_MODULE": "safetouch.settings",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _production(args: list[str], **env) -> subprocess.CompletedProcess:
    env = {k: v for k, v in {**PRODUCTION_ENV, **env}.items() if v is not None}
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_production_settings_pass_check_deploy():
    result = _production(["-m", "django", "check", "--deploy", "--fail-level", "WARNING"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


@pytest.mark.parametrize(
    "backend", [None, "django.core.mail.backends.console.EmailBackend"], ids=["unset", "console"]
)
def test_production_refuses_a_backend_that_does_not_send_mail(backend):
    # Invitation codes and reset links would otherwise land in the log.
    check = _production(["-m", "django", "check", "--deploy"], EMAIL_BACKEND=backend)
    assert check.returncode != 0
    assert "safetouch.E001" in check.stderr and "EMAIL_BACKEND" in check.stderr
    start = _production(["-c", "import safetouch.wsgi"], EMAIL_BACKEND=backend)
    assert start.returncode != 0 and "EMAIL_BACKEND" in start.stderr


@pytest.mark.parametrize("path", ["/accounts/login/", "/dashboard/"])
def test_pages_are_not_framed_and_sniffed(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_busy_session_is_saved_at_most_once_a_minute(alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(START, tick=False) as clock:
        c = client_for(alice)
        c.get("/dashboard/")
        with CaptureQueriesContext(connection) as ctx:
            c.get("/dashboard/")
        assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in ctx)
        clock.shift(dt.timedelta(seconds=61))
        with CaptureQueriesContext(connection) as ctx:
            c.get("/dashboard/")
        assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in ctx)
