"""The client's core loop in a real browser: body map, a session with a flag, the outcome."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import login, settled, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    """The demo practice as it stood on 1 November 2026, so the session typed below
    (20 November 2026) is the newest on any date the suite runs."""
    from safetouch.demo.services import DEMO_PASSWORD, load_demo

    load_demo(today=dt.date(2026, 11, 1))
    return DEMO_PASSWORD


def test_a_client_marks_a_zone_logs_a_session_and_records_the_outcome(page, demo):
    from safetouch.accounts.models import User

    login(page, "demo@example.com", demo)
    shoot(page, "dashboard-desktop")
    profile = User.objects.get(email="demo@example.com").client_profile

    # Body map: the left shin starts with no rule; she chooses never touch for it.
    page.click("text=Edit body map")
    page.wait_for_url("**/body-map/")  # app.js has run: a region opens the chooser
    page.click("#region-shin_left")
    page.check("#zone-dialog input[name=rule][value=avoid]")
    page.click("#zone-dialog button[type=submit]")
    page.wait_for_selector("#region-shin_left[aria-label*='never touch']")
    settled(page)
    shoot(page, "bodymap-desktop")
    assert profile.zones.get(region="shin_left").rule == "avoid"
    assert "Left shin" in page.locator("#h-avoid + ul").inner_text()

    # A keyboard user opens the chooser with Enter and picks focus.
    page.locator("#region-shin_right").focus()
    page.keyboard.press("Enter")
    page.check("#zone-dialog input[name=rule][value=focus]")
    page.keyboard.press("Enter")  # submits the dialog's form
    page.wait_for_selector("#region-shin_right[aria-label*='focus']")

    # Log a session with one item marked too much.
    page.click("text=Sessions")
    page.click("text=Log a session")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_minutes", "40")
    page.fill("#id_new_therapist", "Jonas")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    page.select_option("#id_region", "calf_left")
    page.select_option("#id_technique", "petrissage")
    page.select_option("#id_pressure", "3")
    page.fill("#id_minutes", "12")
    page.click("#add-item")
    page.wait_for_selector(".item:has-text('Left calf')")
    settled(page)
    page.select_option("#id_region", "upper_back")
    page.select_option("#id_technique", "deep_tissue")
    page.select_option("#id_pressure", "4")
    page.fill("#id_minutes", "10")
    page.click("#add-item")
    # Above her cap, and too much before: warned first, nothing saved until confirmed.
    page.wait_for_selector("#breaks-warning")
    settled(page)
    assert "Pressure cap: Upper back" in page.inner_text("#breaks-warning")
    assert page.locator(".item:has-text('Upper back')").count() == 0
    page.check("#id_confirm_breaks")
    page.click("#add-item")
    page.wait_for_selector(".item:has-text('Upper back')")
    settled(page)
    page.click("button[aria-label='Too much: Upper back, Deep tissue']")
    page.wait_for_selector(".item.flagged:has-text('Upper back')")
    assert "cap of 3" in page.locator(".item.flagged").inner_text()
    assert "Logged against her limits" in page.locator(".item.flagged").inner_text()
    shoot(page, "session-log-desktop")

    # The next day: the joints flared.
    page.click("text=Record the outcome")
    page.check("#id_flare_1")
    page.fill("#id_hours_after", "16")
    page.fill("#id_before_calf_left", "7")
    page.fill("#id_after_calf_left", "4")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Outcome saved")

    # History shows it, newest first.
    page.click("text=Sessions")
    first = page.locator(".session-row").first
    assert "Fri 20 Nov 2026" in first.inner_text()
    assert "1 too much" in first.inner_text() and "Flare" in first.inner_text()
    shoot(page, "history-desktop")

    session = profile.sessions.get(date="2026-11-20")
    assert session.therapist.name == "Jonas"
    assert session.items.get(region="upper_back").too_much
    assert session.outcome.flare and session.outcome.hours_after == 16


def test_the_pages_fit_a_phone(phone, demo):
    login(phone, "demo@example.com", demo)
    pages = [
        ("dashboard", None, "**/dashboard/"),
        ("bodymap", "Edit body map", "**/body-map/"),
        ("history", "Sessions", "**/sessions/"),
    ]
    for name, link, url in pages:
        if link:
            phone.click(f"text={link}")
            phone.wait_for_url(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width}px wide on a 390px phone"
        shoot(phone, f"{name}-phone")
    phone.click(".session-link >> nth=0")
    phone.wait_for_url("**/sessions/*/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(phone, "session-phone")
