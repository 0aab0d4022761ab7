"""The workspace's forecasts for many clients at once are the very forecasts the
between-sessions page makes for one, and are cached until her history changes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from safetouch.checkins import selectors
from safetouch.checkins.models import CheckIn, Preferences
from safetouch.clients.models import ClientProfile
from safetouch.clients.services import zone_set
from safetouch.demo.services import load_demo

NOW = dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        load_demo(today=NOW.date())
        yield list(ClientProfile.objects.order_by("pk"))
    cache.clear()


def test_the_bulk_forecasts_equal_the_single_ones(demo):
    with time_machine.travel(NOW, tick=False):
        bulk = selectors.forecasts_for([c.pk for c in demo], today=NOW.date())
        single = {c.pk: selectors.forecast_for(c, today=NOW.date()) for c in demo}
    assert {pk: f.status for pk, f in bulk.items()} == {pk: f.status for pk, f in single.items()}
    assert any(f.status == "forecast" for f in bulk.values())
    for pk, forecast in bulk.items():
        assert (forecast.book_by, forecast.region, forecast.levels) == (
            single[pk].book_by,
            single[pk].region,
            single[pk].levels,
        )


def _bookings():
    clients = list(ClientProfile.objects.order_by("pk"))
    return selectors.bookings_for(clients, today=NOW.date())


@pytest.mark.parametrize(
    "change",
    [
        lambda sofia: Preferences.objects.update_or_create(
            client=sofia, defaults={"limit_level": 2}
        ),
        lambda sofia: zone_set(client=sofia, region="calf_left", rule=None),
        lambda sofia: CheckIn.objects.filter(client=sofia).order_by("at").first().delete(),
    ],
    ids=["her limit level", "a focus zone removed", "her oldest check-in removed"],
)
def test_a_change_to_what_the_forecast_reads_is_not_served_from_the_cache(demo, change):
    sofia = next(c for c in demo if c.user.email == "demo@example.com")
    with time_machine.travel(NOW, tick=True):
        first = _bookings()[sofia.pk]
        assert _bookings()[sofia.pk] == first
        cached = len(cache._cache)  # locmem: one entry per client and stamp
        change(sofia)
        after = _bookings()[sofia.pk]
    assert len(cache._cache) == cached + 1
    assert after == selectors._booking(selectors.forecast_for(sofia, today=NOW.date()))
