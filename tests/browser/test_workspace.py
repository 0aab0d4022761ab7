"""The therapist's side in a real browser at phone and tablet sizes: the login lands on
the workspace, a client opens on her brief, the tabs take one row, the sheet's numbers
are labelled on a phone, and axe-core finds no violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, shoot
from tests.browser.test_bodymap_editor import NAMED, WCAG, _axe

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
SIZES = [PHONE, TABLET]


@pytest.fixture
def maria(transactional_db):
    from django.core.cache import cache

    from safetouch.clients.models import ClientProfile
    from safetouch.demo.services import DEMO_PASSWORD, load_demo

    cache.clear()
    load_demo()
    return ClientProfile.objects.get(user__email="demo@example.com"), DEMO_PASSWORD


def _open(browser, live_server, viewport, password: str):
    # axe is injected as a script of the test's own: the page's CSP is for the app's.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "therapist@example.com")
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/practice/")
    return context, page


@pytest.mark.parametrize("viewport", SIZES, ids=["phone", "tablet"])
def test_a_therapist_lands_on_her_clients_and_opens_a_brief(browser, live_server, maria, viewport):
    sofia, password = maria
    context, page = _open(browser, live_server, viewport, password)
    size = "phone" if viewport == PHONE else "tablet"
    row = page.locator(".ws-row", has_text="Sofia")
    assert row.locator("dt", has_text="Never touch").is_visible()
    assert page.locator("#ws-q").is_visible()
    shoot(page, f"workspace-{size}")
    assert _axe(page, WCAG) == []
    assert _axe(page, NAMED) == []

    row.get_by_role("link", name="Sofia", exact=True).click()
    page.wait_for_url(f"**/clients/{sofia.pk}/brief/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sofia: before the session"
    tabs = page.locator("nav.tabs").bounding_box()
    # One row on a phone, not four; on a tablet two rows show them all without a scroll.
    assert tabs["height"] < (60 if viewport == PHONE else 100), tabs
    shoot(page, f"brief-{size}")
    assert _axe(page, WCAG) == []
    assert _axe(page, NAMED) == []
    page.get_by_role("link", name="Hand-off sheet").last.click()
    page.wait_for_url(f"**/clients/{sofia.pk}/handoff/")
    first = page.locator(".sheet-plan tbody tr").first
    label = first.locator(".cell-label").first
    assert label.is_visible() == (viewport == PHONE)  # the header row says it on a tablet
    if viewport == PHONE:
        assert "Pressure" in first.inner_text() and " min" in first.inner_text()
        shoot(page, "sheet-phone")
    context.close()


def test_the_tabs_scroll_sideways_and_a_keyboard_reaches_every_one(browser, live_server, maria):
    sofia, password = maria
    context, page = _open(browser, live_server, PHONE, password)
    page.goto(live_server.url + f"/clients/{sofia.pk}/brief/")
    nav = page.locator("nav.tabs")
    assert nav.evaluate("n => n.scrollWidth > n.clientWidth")  # one row wider than the phone
    last = nav.locator("a").last
    last.focus()
    assert nav.evaluate("n => n.scrollLeft") > 0  # focus scrolled it into view
    assert last.is_visible()
    context.close()


def test_search_narrows_the_list_as_she_types(browser, live_server, maria):
    _, password = maria
    context, page = _open(browser, live_server, PHONE, password)
    page.fill("#ws-q", "zzz")
    page.wait_for_selector("text=No client whose name contains")
    assert "q=zzz" in page.url
    page.fill("#ws-q", "sof")
    page.wait_for_selector(".ws-row")
    assert page.locator(".ws-row").count() == 1
    context.close()
