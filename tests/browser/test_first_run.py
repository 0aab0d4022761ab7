"""A new client in a real browser: sign-up takes her zone from the browser (static JS
under the CSP), the dashboard shows the first-run checklist, and a reminder email's HTML
renders. Screenshots go to var/screenshots/ (and ACCOUNTS_SHOTS, when set)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from safetouch.accounts.models import User
from tests.browser.conftest import PHONE, SCREENSHOTS, shoot

pytestmark = pytest.mark.browser


def _keep(path: Path) -> None:
    folder = os.environ.get("ACCOUNTS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.fixture
def la_phone(browser, live_server):
    """A phone whose clock is in Los Angeles."""
    context = browser.new_context(viewport=PHONE, timezone_id="America/Los_Angeles")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_sign_up_on_a_phone_takes_her_zone_and_shows_the_checklist(la_phone, transactional_db):
    page = la_phone
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page.base + "/accounts/signup/")
    page.fill("#id_email", "rosa@example.com")
    page.fill("#id_first_name", "Rosa")
    page.check("input[name=role][value=client]")
    page.fill("#id_password1", "a-long-enough-secret")
    page.fill("#id_password2", "a-long-enough-secret")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert not errors, errors  # no script refused by the CSP

    assert User.objects.get(email="rosa@example.com").time_zone == "America/Los_Angeles"
    steps = page.locator(".checklist li")
    assert steps.count() == 5
    assert page.locator(".first-run h2").inner_text() == "Your first steps"
    assert page.title() == "Dashboard · SafeTouch"
    assert page.locator("svg.chart-svg").count() == 0  # no empty axes
    # Nothing sticks out of a 390-pixel screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _keep(shoot(page, "first-run-checklist-phone"))
    top = SCREENSHOTS / "first-run-checklist-phone-screen.png"
    page.screenshot(path=str(top))  # what the phone shows first, without scrolling
    _keep(top)


def test_a_reminder_email_renders(browser, alice_profile, bob):
    from safetouch.reminders.due import Due
    from safetouch.reminders.sending import message
    from safetouch.treatments.services import session_create

    alice_profile.user.time_zone = "America/Los_Angeles"
    session = session_create(
        client=alice_profile, date=dt.date(2026, 11, 29), minutes=45, position="side_lying"
    )
    due = Due(bob, "flare", session.date, context={"session": session, "client": alice_profile})
    html = message(due).alternatives[0][0]
    context = browser.new_context(viewport={"width": 600, "height": 700})
    page = context.new_page()
    page.set_content(html)
    assert "Alice's joints flared after Sunday's session." in page.inner_text("body")
    assert page.locator("a", has_text="Stop this kind of email").count() == 1
    _keep(shoot(page, "reminder-email-flare"))
    # The booking reminder too, the kind a client sees most.
    booking = Due(
        alice_profile.user,
        "booking",
        dt.date(2026, 12, 1),
        context={"book_by": "Mon 7 Dec 2026", "client": alice_profile},
    )
    page.set_content(message(booking).alternatives[0][0])
    assert "Your massage is due: book by Mon 7 Dec 2026." in page.inner_text("body")
    _keep(shoot(page, "reminder-email-booking"))
    context.close()
