"""In-session mode at the table, on a tablet: every tap arrives exactly once, through a
dropped network and an ended login."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import SCREENSHOTS, _context

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
SHOTS = SCREENSHOTS / "in-session"


@pytest.fixture
def demo(transactional_db):
    from safetouch.demo.services import DEMO_PASSWORD, load_demo

    load_demo(today=dt.date(2026, 11, 1))
    return DEMO_PASSWORD


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _login(page, password: str) -> None:
    page.fill("#id_username", "therapist@example.com")
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def _open(browser, live_server, viewport):
    context = _context(browser, viewport)
    page = context.new_page()
    page.base = live_server.url
    return context, page


def _row(page, index: int):
    return page.locator(f'.live-item[data-row="{index}"]')


def _waiting(page, text: str) -> None:
    page.wait_for_selector(f"[data-live-status]:has-text('{text}')")


def test_every_tap_arrives_once_through_a_dropped_network_and_an_ended_login(
    browser, live_server, demo
):
    from django.contrib.sessions.models import Session

    from safetouch.accounts.models import User
    from safetouch.treatments.models import MassageSession

    maria = User.objects.get(email="therapist@example.com")
    sofia = User.objects.get(email="demo@example.com").client_profile
    context, page = _open(browser, live_server, TABLET)
    page.goto(page.base + "/accounts/login/")
    _login(page, demo)
    # Her workspace, Sofia's brief, the plan, then in-session mode: as at the table.
    page.wait_for_url("**/practice/")
    page.locator(".ws-row", has_text="Sofia").get_by_role("link", name="Sofia", exact=True).click()
    page.wait_for_url(f"**/clients/{sofia.pk}/brief/")
    page.get_by_role("link", name="Her plan for today").click()
    page.wait_for_url(f"**/clients/{sofia.pk}/plan/")
    page.click("#start-session")
    page.wait_for_selector("[data-live][data-ready]")
    # The buttons answer once the script runs, not before: a tap then would go nowhere.
    assert page.locator("[data-live-list]").get_attribute("inert") is None
    session = MassageSession.objects.latest("id")
    assert not session.items.exists()  # nothing is recorded before it happens
    planned = len(session.planned)
    assert planned >= 3
    _shot(page, "in-session-tablet")

    # Online: one item done, one too much (one tap each).
    _row(page, 0).locator("[data-tap=done]").click()
    _row(page, 1).locator("[data-tap=too_much]").click()
    _waiting(page, "All taps sent.")

    # The network drops: the next two taps wait on the tablet.
    context.set_offline(True)
    _row(page, 2).locator("[data-nudge=pressure][data-by='-1']").click()
    _row(page, 2).locator("[data-tap=done]").click()
    page.click("[data-add-open]")
    page.click("[data-add-region=forearm_left]")
    page.locator(".live-item[data-region=forearm_left] [data-tap=done]").click()
    _waiting(page, "2 taps waiting to be sent")
    _shot(page, "in-session-tablet-offline")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _waiting(page, "All taps sent.")
    assert session.items.count() == 4

    # The login ends (the session row is gone): two more taps wait, then arrive.
    Session.objects.all().delete()
    page.click("[data-add-open]")
    page.click("[data-add-region=forearm_right]")
    page.locator(".live-item[data-region=forearm_right] [data-tap=done]").click()
    page.click("[data-add-open]")
    page.click("[data-add-region=foot_left]")
    page.locator(".live-item[data-region=foot_left] [data-tap=lighter]").click()
    _waiting(page, "2 taps waiting to be sent: log in again to send them")
    assert session.items.count() == 4
    page.click("[data-live-login] a")
    _login(page, demo)
    page.wait_for_selector("[data-live][data-ready]")
    _waiting(page, "All taps sent.")
    # After the reload the added rows are there, recorded, and nothing was sent twice.
    assert page.locator(".live-item[data-region=foot_left][data-state=lighter]").count() == 1

    page.fill("[data-note]", "Forearms liked it; start there.")
    page.click("[data-save-note]")
    page.click("[data-finish]")
    page.wait_for_url(f"**/clients/{sofia.pk}/sessions/{session.pk}/")

    session.refresh_from_db()
    items = list(session.items.order_by("id"))
    assert len(items) == 6
    assert [i.too_much for i in items].count(True) == 1
    assert items[1].too_much and items[1].region == session.planned[1]["region"]
    assert items[2].pressure == max(1, session.planned[2]["pressure"] - 1)
    assert [i.region for i in items[3:]] == ["forearm_left", "forearm_right", "foot_left"]
    assert session.taps.count() == 8  # six items, the note and the finish
    assert session.therapist.user == maria
    assert session.next_time == "Forearms liked it; start there."
    assert "Maria Keller" in page.locator(".facts").inner_text()
    context.close()


def test_in_session_mode_on_a_phone(browser, live_server, demo):
    from safetouch.accounts.models import User
    from safetouch.treatments.models import MassageSession

    sofia = User.objects.get(email="demo@example.com").client_profile
    context, page = _open(browser, live_server, PHONE)
    page.goto(page.base + "/accounts/login/")
    _login(page, demo)
    page.wait_for_url("**/practice/")
    page.goto(f"{page.base}/clients/{sofia.pk}/plan/")
    page.click("#start-session")
    page.wait_for_selector("[data-live][data-ready]")
    _row(page, 0).locator("[data-tap=done]").click()
    _waiting(page, "All taps sent.")
    box = _row(page, 1).locator("[data-tap=too_much]").bounding_box()
    assert box["height"] >= 60 and box["width"] >= 120  # a thumb finds it
    _shot(page, "in-session-phone")

    # Deeper than her cap on the upper back: warned, and nothing recorded unless she says.
    back = page.locator(".live-item[data-region=upper_back]")
    while back.locator("[data-show=pressure]").inner_text() != "4":
        back.locator("[data-nudge=pressure][data-by='1']").click()
    # Warned as soon as the pressure passes her cap, before any tap...
    page.wait_for_selector(
        ".live-item[data-region=upper_back] [data-prewarn]:has-text('Pressure cap: Upper back')"
    )
    # ...and the tap itself is held until she answers.
    back.locator("[data-tap=done]").click()
    page.wait_for_selector(".live-item[data-region=upper_back] [data-breaks]:visible")
    assert "Pressure cap: Upper back" in back.locator("[data-breaks-list]").inner_text()
    _waiting(page, "1 tap waiting to be sent; 1 needs your answer below")
    back.scroll_into_view_if_needed()
    _shot(page, "in-session-phone-warning")
    back.locator("[data-drop]").click()
    _waiting(page, "All taps sent.")
    session = MassageSession.objects.latest("id")
    assert [i.region for i in session.items.all()] == [session.planned[0]["region"]]
    context.close()
