"""The workspace makes the same number of queries for 5 clients as for 200, whether
their forecasts are cached or not."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safetouch.accounts.models import User
from safetouch.checkins.services import checkin_save
from safetouch.clients.models import CareGrant, ClientProfile, LimitChange, ZoneRule
from safetouch.core.cache import forget_remembered
from safetouch.records.load import QUERIES_KEPT, QUERIES_READ, forget_kept
from safetouch.treatments.models import MassageSession, Outcome, SessionItem
from tests.conftest import client_for

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def _add_clients(therapist, start: int, count: int) -> None:
    """Clients with everything the workspace shows: limits, sessions, a flag, a flare,
    a limit change and check-ins; made in bulk so that 200 stay quick."""
    users = User.objects.bulk_create(
        User(email=f"c{n}@example.com", first_name=f"Client{n:03}", role="client")
        for n in range(start, start + count)
    )
    profiles = ClientProfile.objects.bulk_create(
        ClientProfile(user=u, first_name=u.first_name) for u in users
    )
    CareGrant.objects.bulk_create(
        CareGrant(client=p, grantee=therapist, access="write") for p in profiles
    )
    ZoneRule.objects.bulk_create(
        zone
        for p in profiles
        for zone in (
            ZoneRule(client=p, region="lower_back", rule="avoid"),
            ZoneRule(client=p, region="neck", rule="caution", pressure_cap=2),
            ZoneRule(client=p, region="calf_left", rule="focus"),
        )
    )
    LimitChange.objects.bulk_create(
        LimitChange(client=p, actor_name=p.first_name, kind="zone", subject="lower_back")
        for p in profiles
    )
    sessions = MassageSession.objects.bulk_create(
        MassageSession(client=p, date=dt.date(2026, 11, day), minutes=45)
        for p in profiles
        for day in (2, 16)
    )
    SessionItem.objects.bulk_create(
        SessionItem(
            session=s,
            region="calf_left",
            technique="petrissage",
            pressure=3,
            minutes=10,
            too_much=s.date.day == 16,
        )
        for s in sessions
    )
    Outcome.objects.bulk_create(
        Outcome(session=s, flare=s.pk % 2 == 0) for s in sessions if s.date.day == 2
    )
    for p in profiles[:3]:  # a few fitted forecasts: the rest have too few check-ins
        for day in range(1, 23):
            checkin_save(
                client=p,
                at=dt.datetime(2026, 11, day, 8, tzinfo=dt.UTC),
                training_minutes=60,
                temperature_c=10.0,
                tightness={"calf_left": min(10, 2 + (day % 14) // 2)},
                stretches=[],
            )


def _queries(browser) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert browser.get(reverse("workspace")).status_code == 200
    return len(ctx.captured_queries)


def test_the_workspace_makes_as_many_queries_for_200_clients_as_for_5(bob):
    browser = client_for(bob)
    with time_machine.travel(NOW, tick=False):
        browser.get(reverse("workspace"))  # the first request of a session; not counted
        _add_clients(bob, 0, 4)  # and alice: 5
        cache.clear()
        forget_remembered()
        forget_kept()
        cold_5, warm_5 = _queries(browser), _queries(browser)
        _add_clients(bob, 4, 195)
        assert ClientProfile.objects.filter(grants__grantee=bob).count() == 200
        cache.clear()
        forget_remembered()
        forget_kept()
        cold_200, warm_200 = _queries(browser), _queries(browser)
    assert (cold_200, warm_200) == (cold_5, warm_5)
    # The forecasts read the records the workspace loaded: cached or not, no query; the
    # records themselves, read once, are asked for by version only.
    assert warm_5 == cold_5 - (QUERIES_READ - QUERIES_KEPT)
