"""Which reminders are due now: each kind judged in the recipient's own time zone.

A reminder is due on one day, from a local hour on (SEND_FROM); a day that passes without
a run sends nothing late. What each email may say is decided here too: dates and first
names, never ratings, notes or regions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from safetouch.accounts.models import User
from safetouch.checkins.reminders import SPREAD
from safetouch.core import timefmt
from safetouch.records.models import CareGrant, ClientProfile, MassageSession, Outcome
from safetouch.reminders.models import Kind, Reminder

# The local hour from which each kind goes out.
SEND_FROM = {Kind.BOOKING: 9, Kind.STRETCHING: 17, Kind.OUTCOME: 9, Kind.FLARE: 8}
FLARE_ALERT_WITHIN = dt.timedelta(hours=48)  # an older flare record alerts nobody
FLARE_SESSION_WITHIN = dt.timedelta(days=7)  # nor a flare after an older session


@dataclass(frozen=True)
class Due:
    user: User
    kind: str
    due: dt.date
    about: str = ""
    context: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> tuple:
        return (self.user.pk, self.kind, self.due, self.about)


def due_now(now: dt.datetime | None = None) -> list[Due]:
    now = now or timezone.now()
    return [
        *_booking(now),
        *_stretching(now),
        *_outcome(now),
        *_flare(now),
    ]


def _local(user: User, now: dt.datetime) -> dt.datetime:
    return timefmt.local(now, user.zone)


def _from(kind: str) -> int:
    override = settings.REMINDERS_FROM_HOUR
    return override if 0 <= override <= 23 else SEND_FROM[kind]


def _clients(setting: str) -> Iterator[ClientProfile]:
    return (
        ClientProfile.objects.filter(**{f"user__{setting}": True, "user__is_active": True})
        .select_related("user")
        .order_by("pk")
        .iterator()
    )


def _booking(now: dt.datetime) -> Iterator[Due]:
    """ "Book by DATE" once the forecast's window opens; once per gap between massages."""
    from safetouch.checkins.selectors import forecast_for

    for client in _clients("remind_booking"):
        here = _local(client.user, now)
        if here.hour < _from(Kind.BOOKING):
            continue
        sent_today = Reminder.objects.filter(
            user=client.user, kind=Kind.BOOKING, due=here.date(), sent__isnull=False
        )
        if sent_today.exists():
            continue  # spares the forecast's model fit on every later run of the day
        forecast = forecast_for(client, today=here.date())
        if forecast.book_by is None:
            continue
        opens = forecast.earliest or forecast.book_by
        if here.date() < opens and forecast.status != "due":
            continue
        last = MassageSession.objects.for_client(client).values_list("date", flat=True).first()
        earlier = Reminder.objects.filter(user=client.user, kind=Kind.BOOKING, sent__isnull=False)
        if last is not None:
            earlier = earlier.filter(due__gt=last)
        if earlier.exclude(due=here.date()).exists():
            continue  # she was told once since her last massage
        yield Due(
            client.user,
            Kind.BOOKING,
            here.date(),
            context={"book_by": timefmt.day(forecast.book_by), "client": client},
        )


def _stretching(now: dt.datetime) -> Iterator[Due]:
    """On the days her routine asks for: her weekly target spread over the week, the same
    days as her calendar feed (checkins.reminders.SPREAD)."""
    from safetouch.checkins.selectors import preferences_of, routine_of

    for client in _clients("remind_stretching"):
        here = _local(client.user, now)
        if here.hour < _from(Kind.STRETCHING) or not routine_of(client):
            continue
        days = preferences_of(client).stretch_days
        if here.weekday() not in SPREAD[max(1, min(7, days))]:
            continue
        yield Due(client.user, Kind.STRETCHING, here.date(), context={"client": client})


def _outcome(now: dt.datetime) -> Iterator[Due]:
    """The morning after a session with no outcome recorded."""
    # Every zone's "yesterday" lies within these dates; each client is judged in hers.
    today_utc = now.date()
    sessions = (
        MassageSession.objects.filter(
            date__gte=today_utc - dt.timedelta(days=2),
            date__lte=today_utc,
            client__user__remind_outcome=True,
            client__user__is_active=True,
        )
        .exclude(Exists(Outcome.objects.filter(session=OuterRef("pk"))))
        .select_related("client__user")
        .order_by("pk")
    )
    for session in sessions:
        user = session.client.user
        here = _local(user, now)
        if here.hour < _from(Kind.OUTCOME) or session.date != here.date() - dt.timedelta(1):
            continue
        yield Due(
            user,
            Kind.OUTCOME,
            here.date(),
            about=f"session-{session.pk}",
            context={"session": session, "client": session.client},
        )


def _flare(now: dt.datetime) -> Iterator[Due]:
    """To each therapist she shares her records with: her joints flared after a session.
    Only what she already lets them see, and no more than the fact and the day."""
    outcomes = (
        Outcome.objects.filter(
            flare=True,
            recorded__gte=now - FLARE_ALERT_WITHIN,
            session__date__gte=now.date() - FLARE_SESSION_WITHIN,
        )
        .select_related("session__client")
        .order_by("pk")
    )
    for outcome in outcomes:
        session = outcome.session
        grantees = User.objects.filter(
            pk__in=CareGrant.objects.active().filter(client=session.client).values("grantee_id"),
            remind_flare=True,
            is_active=True,
        ).order_by("pk")
        for therapist in grantees:
            here = _local(therapist, now)
            if here.hour < _from(Kind.FLARE):
                continue
            yield Due(
                therapist,
                Kind.FLARE,
                session.date,
                about=f"session-{session.pk}",
                context={"session": session, "client": session.client},
            )
