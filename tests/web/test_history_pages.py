"""Her history comes a page of 50 sessions at a time, newest first, with links between
pages; a long record costs no more queries than a short one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safetouch.records.load import forget_kept
from tests.conftest import client_for

DAY0 = dt.date(2020, 1, 1)


def _sessions(profile, count: int) -> None:
    """COUNT more sessions, a day apart after those she has, each with an item."""
    from safetouch.treatments.models import MassageSession, SessionItem

    start = profile.sessions.count()
    made = MassageSession.objects.bulk_create(
        MassageSession(client=profile, date=DAY0 + dt.timedelta(days=n), minutes=45)
        for n in range(start, start + count)
    )
    SessionItem.objects.bulk_create(
        SessionItem(session=s, region="calf_left", technique="petrissage", pressure=3, minutes=10)
        for s in made
    )


def _dates(html: str) -> list[str]:
    return re.findall(r'<span class="date">([^<]+)</span>', html)


def _page(browser, profile, page: str = ""):
    query = f"?page={page}" if page else ""
    response = browser.get(f"/clients/{profile.pk}/sessions/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _day(n: int) -> str:
    return (DAY0 + dt.timedelta(days=n)).strftime("%a %-d %b %Y")


def test_the_first_page_holds_the_50_newest(alice_profile):
    _sessions(alice_profile, 120)
    html = _page(client_for(alice_profile.user), alice_profile)
    dates = _dates(html)
    assert len(dates) == 50
    assert dates[0] == _day(119) and dates[-1] == _day(70)
    assert 'rel="next" href="?page=2"' in html and 'rel="prev"' not in html
    assert "Page 1 of 3" in html
    assert html.count("<h1>") == 1


def test_the_last_page_holds_the_oldest_and_leads_back(alice_profile):
    _sessions(alice_profile, 120)
    html = _page(client_for(alice_profile.user), alice_profile, "3")
    dates = _dates(html)
    assert len(dates) == 20 and dates[-1] == _day(0)
    assert 'rel="prev" href="?page=2"' in html and 'rel="next"' not in html
    assert 'aria-label="Pages of sessions"' in html


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 3), ("99", 3), ("-1", 3)])
def test_a_page_that_does_not_exist_shows_a_page_that_does(alice_profile, asked, shown):
    _sessions(alice_profile, 120)
    html = _page(client_for(alice_profile.user), alice_profile, asked)
    assert f"Page {shown} of 3" in html


def test_a_short_history_has_no_page_links(alice_profile):
    _sessions(alice_profile, 3)
    html = _page(client_for(alice_profile.user), alice_profile)
    assert len(_dates(html)) == 3 and "Pages of sessions" not in html


def test_a_page_costs_the_same_queries_at_60_and_600_sessions(alice_profile):
    browser = client_for(alice_profile.user)
    _sessions(alice_profile, 60)
    _page(browser, alice_profile)  # the first request of a session refreshes its expiry

    def queries() -> int:
        forget_kept()  # her record read from scratch each time
        with CaptureQueriesContext(connection) as ctx:
            assert len(_dates(_page(browser, alice_profile, "2"))) in (10, 50)
        return len(ctx.captured_queries)

    small = queries()
    _sessions(alice_profile, 540)
    assert queries() == small
