"""A long history in a browser: a page of 50 sessions, and links to older and newer."""

from __future__ import annotations

import datetime as dt

import pytest

from safetouch.demo.services import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login, shoot


@pytest.fixture
def long_history(transactional_db):
    """The demo client with 120 sessions, a day apart up to 2026-06-30."""
    from safetouch.clients.models import ClientProfile
    from safetouch.treatments.models import MassageSession

    load_demo(today=dt.date(2026, 7, 1))
    sofia = ClientProfile.objects.get(user__email="demo@example.com")
    sofia.sessions.all().delete()
    last = dt.date(2026, 6, 30)
    MassageSession.objects.bulk_create(
        MassageSession(client=sofia, date=last - dt.timedelta(days=n), minutes=45)
        for n in range(120)
    )
    return sofia


@pytest.mark.browser
def test_she_pages_through_a_long_history(long_history, phone):
    login(phone, "demo@example.com", DEMO_PASSWORD)
    phone.goto(phone.base + f"/clients/{long_history.pk}/sessions/")
    rows = phone.locator(".session-row")
    assert rows.count() == 50
    assert rows.first.inner_text().startswith("Tue 30 Jun 2026")
    pager = phone.get_by_role("navigation", name="Pages of sessions")
    assert pager.get_by_text("Page 1 of 3").is_visible()
    pager.get_by_role("link", name="Older sessions").click()
    phone.wait_for_url("**/sessions/?page=2")
    assert rows.first.inner_text().startswith("Mon 11 May 2026")
    shoot(phone, "history-pages-phone")
    pager.get_by_role("link", name="Older sessions").click()
    phone.wait_for_url("**/sessions/?page=3")
    assert rows.count() == 20
    assert pager.get_by_role("link", name="Older sessions").count() == 0
    pager.get_by_role("link", name="Newer sessions").click()
    phone.wait_for_url("**/sessions/?page=2")
