"""Reads between sessions: check-ins, the routine, adherence and the forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from safetouch.checkins.models import CheckIn, CheckInStretch, FeedToken, Preferences
from safetouch.clients.models import ClientProfile
from safetouch.engine import forecast as engine
from safetouch.engine.catalog import REGIONS
from safetouch.engine.stretches import STRETCHES, Stretch
from safetouch.treatments.models import MassageSession


def preferences_of(client: ClientProfile) -> Preferences:
    """Her saved settings, or the defaults (unsaved) if she never changed them."""
    return Preferences.objects.filter(client=client).first() or Preferences(client=client)


def checkins_for(client: ClientProfile) -> QuerySet[CheckIn]:
    return CheckIn.objects.for_client(client).prefetch_related(
        "tightness", Prefetch("stretches", queryset=CheckInStretch.objects.order_by("id"))
    )


def checkin_for(client: ClientProfile, checkin_id: int) -> CheckIn:
    return checkins_for(client).get(pk=checkin_id)


def routine_of(client: ClientProfile) -> list[Stretch]:
    return [STRETCHES[r.stretch] for r in client.routine.all()]


def checkin_regions(client: ClientProfile) -> list[str]:
    """Regions a check-in asks about: her focus zones, else what she reported before."""
    focus = list(client.zones.focused().values_list("region", flat=True))
    if not focus:
        last = checkins_for(client).first()
        focus = [t.region for t in last.tightness.all()] if last else []
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


def adherence(client: ClientProfile, *, today: dt.date, weeks: int = 8) -> list[Week]:
    """Stretching days per week (Monday to Sunday), oldest first, this week last."""
    target = preferences_of(client).stretch_days
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    routine = set(client.routine.values_list("stretch", flat=True))
    done = CheckInStretch.objects.filter(
        checkin__client=client, checkin__at__date__gte=first, stretch__in=routine
    ).values_list("checkin__at", flat=True)
    days = {timezone.localtime(at).date() for at in done}
    return [
        Week(start, sum(start <= d < start + dt.timedelta(days=7) for d in days), target)
        for start in (first + dt.timedelta(weeks=i) for i in range(weeks))
    ]


def engine_history(client: ClientProfile) -> tuple[list[engine.Reading], list[engine.Session]]:
    """Her check-ins and massages in the forecast engine's terms."""
    readings = [
        engine.Reading(
            at=timezone.localtime(c.at).replace(tzinfo=None),
            tightness={t.region: t.value for t in c.tightness.all()},
            training_minutes=float(c.training_minutes),
            temperature_c=c.temperature_c,
            stretches=len(c.stretches.all()),
        )
        for c in checkins_for(client)
    ]
    sessions = [
        engine.Session(
            s.date, {t.region: t.after for t in s.tightness.all() if t.after is not None}
        )
        for s in MassageSession.objects.for_client(client).prefetch_related("tightness")
    ]
    return readings, sessions


def forecast_for(client: ClientProfile, *, today: dt.date) -> engine.Forecast:
    readings, sessions = engine_history(client)
    return engine.forecast(
        readings,
        sessions,
        today=today,
        limit=preferences_of(client).limit_level,
        regions=checkin_regions(client) or None,
    )


def client_by_feed(token: str) -> ClientProfile | None:
    feed = FeedToken.objects.active().filter(token_hash=FeedToken.hash(token)).first()
    return feed.client if feed else None
