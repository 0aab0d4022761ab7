"""Reads between sessions: check-ins, the routine, adherence and the forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from safetouch.checkins.models import FeedToken
from safetouch.engine import forecast as engine
from safetouch.engine.catalog import REGIONS
from safetouch.engine.stretches import STRETCHES, Stretch
from safetouch.records.load import load_record, load_records
from safetouch.records.models import (
    CheckIn,
    CheckInStretch,
    ClientProfile,
    Preferences,
)
from safetouch.records.types import CheckIn as RecordCheckIn
from safetouch.records.types import Record


def preferences_of(client: ClientProfile) -> Preferences:
    """Her saved settings, or the defaults (unsaved) if she never changed them."""
    return Preferences.objects.filter(client=client).first() or Preferences(client=client)


def checkins_for(client: ClientProfile) -> QuerySet[CheckIn]:
    return CheckIn.objects.for_client(client).prefetch_related(
        "tightness", Prefetch("stretches", queryset=CheckInStretch.objects.order_by("id"))
    )


def checkin_for(client: ClientProfile, checkin_id: int) -> CheckIn:
    return checkins_for(client).get(pk=checkin_id)


def routine_of(client: ClientProfile, *, record: Record | None = None) -> list[Stretch]:
    if record is not None:
        return [STRETCHES[stretch] for stretch in record.routine]
    return [STRETCHES[r.stretch] for r in client.routine.all()]


def checkin_regions(client: ClientProfile, *, record: Record | None = None) -> list[str]:
    """Regions a check-in asks about: her focus zones, else what she reported before."""
    return regions_asked(record or load_record(client))


def regions_asked(record: Record) -> list[str]:
    """`checkin_regions` of a loaded record."""
    focus = list(record.focus)
    if not focus and record.checkins:
        focus = [t.region for t in record.checkins[-1].tightness]
    return sorted(focus, key=region_order)


def region_order(region: str) -> tuple:
    groups = [r.group for r in REGIONS.values()]
    return (groups.index(REGIONS[region].group), REGIONS[region].side)


@dataclass(frozen=True)
class Week:
    start: dt.date
    days: int  # days she did at least one stretch of her routine
    target: int

    @property
    def share(self) -> float:
        return min(1.0, self.days / self.target)


def adherence(
    client: ClientProfile, *, today: dt.date, weeks: int = 8, record: Record | None = None
) -> list[Week]:
    """Stretching days per week (Monday to Sunday), oldest first, this week last."""
    record = record or load_record(client)
    target = record.preferences.stretch_days
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    routine = set(record.routine)
    on_days = (
        timezone.localtime(c.at).date() for c in record.checkins if routine & set(c.stretches)
    )
    days = {day for day in on_days if day >= first}
    return [
        Week(start, sum(start <= d < start + dt.timedelta(days=7) for d in days), target)
        for start in (first + dt.timedelta(weeks=i) for i in range(weeks))
    ]


def engine_history(record: Record) -> tuple[list[engine.Reading], list[engine.Session]]:
    """Her check-ins and massages in the forecast engine's terms, newest first."""
    readings = [_reading(c) for c in record.checkins_newest_first]
    sessions = [
        engine.Session(s.date, {t.region: t.after for t in s.tightness if t.after is not None})
        for s in record.sessions_newest_first
    ]
    return readings, sessions


def _reading(checkin: RecordCheckIn) -> engine.Reading:
    return engine.Reading(
        at=timezone.localtime(checkin.at).replace(tzinfo=None),
        tightness={t.region: t.value for t in checkin.tightness},
        training_minutes=float(checkin.training_minutes),
        temperature_c=checkin.temperature_c,
        stretches=len(checkin.stretches),
    )


def forecast_for(
    client: ClientProfile, *, today: dt.date, record: Record | None = None
) -> engine.Forecast:
    return forecast_of(record or load_record(client), today=today)


def forecast_of(record: Record, *, today: dt.date) -> engine.Forecast:
    """Her booking forecast from her loaded record."""
    readings, sessions = engine_history(record)
    return engine.forecast(
        readings,
        sessions,
        today=today,
        limit=record.preferences.limit_level,
        regions=regions_asked(record) or None,
    )


# The practice workspace shows when each of up to hundreds of clients is due to book. A
# forecast fits a model, so it is kept in the cache under a stamp of everything it reads
# (check-ins, sessions, outcomes, settings, focus zones); any change there is a new key.
# Editing a past session's date changes none of them: the timeout bounds that.
FORECAST_CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Booking:
    """What the workspace needs of a client's forecast."""

    status: str
    book_by: dt.date | None
    region: str | None

    def is_due(self, today: dt.date, *, within_days: int = 7) -> bool:
        """Due to book: tightness is at her limit, or expected there within a week."""
        soon = today + dt.timedelta(days=within_days)
        return self.status == "due" or (self.book_by is not None and self.book_by <= soon)


def bookings_for(
    clients: list[ClientProfile], *, today: dt.date, records: dict[int, Record] | None = None
) -> dict[int, Booking]:
    """Client id -> her booking forecast, each kept under her record's version (which
    every change to what the forecast reads moves, `ClientProfile.record_version`) and
    the day: cached ones cost no query, the others a fixed few queries however many
    they are (none when the caller has loaded their `records`)."""
    keys = {_stamp_key(client, today): client.pk for client in clients}
    cached = cache.get_many(list(keys))
    found = {keys[key]: Booking(*value) for key, value in cached.items()}
    missing = [pk for key, pk in keys.items() if key not in cached]
    if missing:
        if records is None:
            forecasts = forecasts_for(missing, today=today)
        else:
            forecasts = {pk: forecast_of(records[pk], today=today) for pk in missing}
        fresh = {pk: _booking(f) for pk, f in forecasts.items()}
        found.update(fresh)
        by_pk = {pk: key for key, pk in keys.items()}
        cache.set_many(
            {by_pk[pk]: astuple(b) for pk, b in fresh.items()}, timeout=FORECAST_CACHE_SECONDS
        )
    return found


def _stamp_key(client: ClientProfile, today: dt.date) -> str:
    return f"forecast:v2:{client.pk}:{client.record_version}:{today}"


def _booking(forecast: engine.Forecast) -> Booking:
    return Booking(forecast.status, forecast.book_by, forecast.region)


def forecasts_for(client_ids: list[int], *, today: dt.date) -> dict[int, engine.Forecast]:
    """The forecasts of many clients in the loader's fixed few queries: the same one
    `forecast_for` makes for one, from the same record."""
    records = load_records(ClientProfile.objects.filter(pk__in=client_ids))
    return {pk: forecast_of(records[pk], today=today) for pk in client_ids}


def client_by_feed(token: str) -> ClientProfile | None:
    feed = FeedToken.objects.active().filter(token_hash=FeedToken.hash(token)).first()
    return feed.client if feed else None
