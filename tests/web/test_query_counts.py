"""Pages make the same number of queries whether a client has 2 sessions or 40 (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safetouch.core.cache import forget_remembered
from safetouch.records.load import forget_kept
from safetouch.treatments.services import item_add, outcome_record, session_create
from tests.conftest import client_for


def _add_sessions(profile, count: int) -> None:
    start = profile.sessions.count()
    for n in range(start, start + count):
        session = session_create(
            client=profile,
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            minutes=45,
            position="side_lying",
        )
        for region in ("calf_left", "calf_right", "upper_back"):
            item_add(
                session=session, region=region, technique="petrissage", pressure=3, minutes=10
            )
        outcome_record(session=session, flare=n % 5 == 0, tightness={"calf_left": (6, 3)})


def _queries(browser, url: str, *, cached: bool = False) -> int:
    """Queries of one view of the page: drawn from scratch, or again with what it
    computed from her record cached."""
    if not cached:
        cache.clear()
        forget_remembered()
        forget_kept()
    with CaptureQueriesContext(connection) as ctx:
        assert browser.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    "dashboard",
    "history",
    "bodymap",
    "session_detail",
    "between",
    "plan",
    "sheet",
    "sheet_pdf",
]


@pytest.mark.parametrize("name", PAGES)
def test_queries_stay_constant_as_history_grows(alice, alice_profile, name):
    browser = client_for(alice)
    _add_sessions(alice_profile, 2)

    def url() -> str:
        if name == "dashboard":
            return reverse(name)
        if name == "session_detail":
            return reverse(name, args=[alice_profile.pk, alice_profile.sessions.first().pk])
        return reverse(name, args=[alice_profile.pk])

    browser.get(url())  # the first request of a session refreshes its expiry; not counted
    small = _queries(browser, url())
    small_cached = _queries(browser, url(), cached=True)
    _add_sessions(alice_profile, 38)
    assert _queries(browser, url()) == small
    assert _queries(browser, url(), cached=True) == small_cached <= small
