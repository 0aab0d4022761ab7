"""Password reset by email, change while logged in, and the end of her other logins."""

from __future__ import annotations

import re

import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from safetouch.core.logsafety import redact
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-new-and-longer-secret"
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)")


def _logged_in(user) -> Client:
    c = Client()
    assert (
        c.post("/accounts/login/", {"username": user.email, "password": PASSWORD}).status_code
        == 302
    )
    return c


def _reset_link(email: str) -> str:
    response = Client().post("/accounts/password_reset/", {"email": email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    html = message.alternatives[0][0]
    path = LINK.search(message.body).group(1)
    assert path in html
    return path


def test_the_reset_pages_exist_and_the_login_page_links_them(db):
    assert Client().get("/accounts/password_reset/").status_code == 200
    assert b"/accounts/password_reset/" in Client().get("/accounts/login/").content


def test_a_reset_link_sets_a_new_password_once_and_ends_every_login(alice):
    phone, laptop = _logged_in(alice), _logged_in(alice)
    keys = [phone.session.session_key, laptop.session.session_key]
    path = _reset_link(alice.email)

    form = Client()
    page = form.get(path, follow=True)  # Django moves the token into the session
    assert page.status_code == 200 and b"Set a new password" in page.content
    done = form.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"

    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not Session.objects.filter(session_key__in=keys).exists()
    for c in (phone, laptop):
        assert c.get("/dashboard/").status_code == 302  # sent to the login page

    # The link is spent.
    again = Client().get(path, follow=True)
    assert b"This link no longer works" in again.content


def test_a_reset_link_expires_after_an_hour(alice):
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        path = _reset_link(alice.email)
    with time_machine.travel("2026-12-01 11:01Z", tick=False):
        page = Client().get(path, follow=True)
    assert b"This link no longer works" in page.content


def test_an_unknown_address_looks_the_same_and_sends_nothing(db):
    response = Client().post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_reset_emails_are_rate_limited_per_address(alice):
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        for _ in range(3):
            assert (
                Client().post("/accounts/password_reset/", {"email": alice.email}).status_code
                == 302
            )
        refused = Client().post("/accounts/password_reset/", {"email": "ALICE@example.com"})
    assert refused.status_code == 429
    assert b"Too many reset requests" in refused.content
    assert len(mail.outbox) == 3
    with time_machine.travel("2026-12-01 11:01Z", tick=False):
        assert (
            Client().post("/accounts/password_reset/", {"email": alice.email}).status_code == 302
        )
    assert len(mail.outbox) == 4


def test_reset_requests_are_rate_limited_per_connection(db):
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        for n in range(10):
            Client().post("/accounts/password_reset/", {"email": f"x{n}@example.com"})
        refused = Client().post("/accounts/password_reset/", {"email": "y@example.com"})
    assert refused.status_code == 429


def test_changing_the_password_keeps_this_login_and_ends_the_others(alice):
    here, elsewhere = _logged_in(alice), _logged_in(alice)
    page = here.get("/account/password/")
    assert page.status_code == 200
    wrong = here.post(
        "/account/password/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and b"old_password" in wrong.content
    done = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.url == "/account/password/done/"
    assert list(Session.objects.values_list("pk", flat=True)) == [here.session.session_key]
    assert here.get("/dashboard/").status_code == 200
    assert elsewhere.get("/dashboard/").status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_a_reset_lifts_the_lockout_on_her_account(alice, settings):
    settings.AXES_ENABLED = True
    from axes.models import AccessAttempt

    for _ in range(5):
        Client().post("/accounts/login/", {"username": alice.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=alice.email).exists()
    path = _reset_link(alice.email)
    c = Client()
    page = c.get(path, follow=True)
    c.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert not AccessAttempt.objects.filter(username=alice.email).exists()


def test_reset_links_never_reach_a_log_line():
    line = '"GET /accounts/reset/MQ/cdh4kx-9f8e7d6c5b4a39281716/ HTTP/1.1" 302 0'
    assert "cdh4kx" not in redact(line)
    assert "/accounts/reset/MQ/[token]/" in redact(line)
    assert redact("/accounts/reset/MQ/set-password/") == "/accounts/reset/MQ/set-password/"
    assert redact("/accounts/reset/done/") == "/accounts/reset/done/"
    assert "abc123" not in redact("POST /unsubscribe/abc123.def/ HTTP/1.1")
