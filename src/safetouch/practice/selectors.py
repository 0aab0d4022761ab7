"""Reads for the practice workspace and the pre-session brief: every client who shared
her records with the therapist, and what happened since she last saw each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from safetouch.checkins.dashboard import checkin_summary
from safetouch.checkins.selectors import Booking, bookings_for, checkins_for, with_forecast_stamp
from safetouch.clients.models import CareGrant, ClientProfile, LimitChange, ZoneRule
from safetouch.clients.selectors import clients_visible_to
from safetouch.core.cache import precompiled_sql
from safetouch.engine.catalog import REGIONS
from safetouch.practice.models import ClientSeen
from safetouch.treatments.models import MassageSession, SessionItem

# Neither looked nor granted (her own records seen through another account): all is new.
NEVER = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass
class Row:
    """One client on the workspace, with her badges."""

    client: ClientProfile
    never_touch: list[str] = field(default_factory=list)
    caps: list[tuple[str, int]] = field(default_factory=list)
    too_much: int = 0
    last_session: MassageSession | None = None
    last_flare: dt.date | None = None
    booking: Booking | None = None
    due: bool = False
    new_changes: int = 0

    @property
    def flared_after_last(self) -> bool:
        outcome = getattr(self.last_session, "outcome", None)
        return bool(outcome and outcome.flare)

    @property
    def outcome_pending(self) -> bool:
        return self.last_session is not None and not hasattr(self.last_session, "outcome")


def _count(queryset, *, per: str = "client") -> Coalesce:
    """A subquery counting `queryset`'s rows of the outer client; 0 when none."""
    counted = queryset.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def listed(user, *, query: str = "") -> QuerySet[ClientProfile]:
    """Clients (not herself) who let the user see their records, by name if asked."""
    clients = clients_visible_to(user).exclude(user=user)
    return clients.filter(first_name__icontains=query) if query else clients


def shared_clients(user, *, query: str = "") -> QuerySet[ClientProfile]:
    """The clients `listed`, with what the workspace counts annotated: one query,
    however many they are."""
    clients = listed(user, query=query)
    seen = ClientSeen.objects.filter(therapist=user, client=OuterRef("pk")).values("seen")[:1]
    # Never looked: what changed since she was given access is new to her.
    granted = (
        CareGrant.objects.active()
        .filter(grantee=user, client=OuterRef("pk"))
        .annotate(since=Coalesce("accepted", "created"))
        .values("since")[:1]
    )
    sessions = MassageSession.objects.filter(client=OuterRef("pk")).order_by("-date", "-id")
    items = SessionItem.objects.filter(session__client=OuterRef("pk"), too_much=True)
    changes = LimitChange.objects.filter(
        client=OuterRef("pk"), created__gt=OuterRef("seen_since")
    ).exclude(actor=user)
    return (
        with_forecast_stamp(clients)
        .annotate(
            seen_since=Coalesce(
                Subquery(seen), Subquery(granted), Value(NEVER, output_field=DateTimeField())
            ),
            last_session_id=Subquery(sessions.values("pk")[:1]),
            last_flare=Subquery(sessions.filter(outcome__flare=True).values("date")[:1]),
            too_much=_count(items, per="session__client"),
            new_changes=_count(changes),
        )
        .order_by("first_name", "pk")
    )


def _shared_with(user_id) -> QuerySet[ClientProfile]:
    return shared_clients(get_user_model()(pk=user_id))


def _as_date(value) -> dt.date | None:
    # A raw query leaves a date from a subquery as SQLite returns it: ISO text.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def shared_list(user, *, query: str = "") -> list[ClientProfile]:
    """`shared_clients`, read. The workspace asks on every view, and Django takes longer
    to compile its dozen subqueries than the database takes to run them: without a
    search, its SQL is compiled once per process and run for this user."""
    if query:
        return list(shared_clients(user, query=query))
    sql, params = precompiled_sql(_shared_with, user.pk)
    clients = list(ClientProfile.objects.raw(sql, params))
    for client in clients:
        client.last_flare = _as_date(client.last_flare)
    return clients


def workspace(user, *, today: dt.date, query: str = "") -> list[Row]:
    """The therapist's clients with their badges, due to book first, then by name."""
    clients = shared_list(user, query=query)
    if not clients:
        return []
    ids = [c.pk for c in clients]
    zones = _limits_of(ids)
    last = MassageSession.objects.select_related("outcome").in_bulk(
        [c.last_session_id for c in clients if c.last_session_id]
    )
    bookings = bookings_for(clients, today=today)
    rows = []
    for client in clients:
        never, caps = zones[client.pk]
        booking = bookings.get(client.pk)
        rows.append(
            Row(
                client=client,
                never_touch=never,
                caps=caps,
                too_much=client.too_much,
                last_session=last.get(client.last_session_id),
                last_flare=client.last_flare,
                booking=booking,
                due=bool(booking and booking.is_due(today)),
                new_changes=client.new_changes,
            )
        )
    return sorted(rows, key=lambda row: (not row.due, row.client.first_name.lower()))


def limits_of(client: ClientProfile) -> tuple[list[str], list[tuple[str, int]]]:
    """Her never-touch region names and [(region name, cap)], as the workspace shows them."""
    return _limits_of([client.pk])[client.pk]


def _limits_of(client_ids: list[int]) -> dict[int, tuple[list[str], list[tuple[str, int]]]]:
    """Client id -> (never-touch region names, [(region name, cap)]), in one query."""
    found: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    zones = ZoneRule.objects.filter(client__in=client_ids).exclude(
        rule=ZoneRule.Rule.FOCUS, pressure_cap__isnull=True
    )
    for client_id, region, rule, cap in zones.values_list(
        "client_id", "region", "rule", "pressure_cap"
    ):
        never, caps = found[client_id]
        if rule == ZoneRule.Rule.AVOID:
            never.append(REGIONS[region].name)
        elif cap:
            caps.append((REGIONS[region].name, cap))
    for never, caps in found.values():
        never.sort()
        caps.sort(key=lambda pair: (pair[1], pair[0]))
    return found


BRIEF_CHANGES = 8  # the newest; the sheet and her limits show where they led


@dataclass
class Brief:
    """What happened since the therapist last saw her: the first thing to read."""

    since: dt.datetime | None
    since_what: str  # "session", "look" or "" (everything so far)
    mine: MassageSession | None  # her last session with this therapist's account
    last_session: MassageSession | None
    checkins: list[tuple[object, str]]
    sessions: list[MassageSession]
    flags: list[SessionItem]
    changes: list[LimitChange]
    more_changes: int
    seen: dt.datetime | None


def brief(user, client: ClientProfile) -> Brief:
    """Since her last session with this therapist's account, else since she last opened
    the brief, else everything: check-ins, sessions and their flares, too-much flags and
    limit changes by others. Reads what `client_for` already allowed."""
    seen = ClientSeen.objects.filter(therapist=user, client=client).values_list("seen", flat=True)
    seen = seen.first()
    mine = (
        MassageSession.objects.for_client(client)
        .filter(therapist__user=user)
        .order_by("-date", "-id")
        .first()
    )
    since, since_what = _since(mine, seen)
    sessions = MassageSession.objects.for_client(client).select_related("outcome", "therapist")
    checkins = checkins_for(client)
    flags = SessionItem.objects.filter(session__client=client, too_much=True)
    changes = LimitChange.objects.filter(client=client).exclude(actor=user)
    if since_what == "session":
        sessions = sessions.filter(date__gte=mine.date).exclude(pk=mine.pk)
    elif since is not None:
        sessions = sessions.filter(created__gt=since)
    if since is not None:
        checkins = checkins.filter(at__gt=since)
        flags = flags.filter(session__in=sessions)
        changes = changes.filter(created__gt=since)
    return Brief(
        since=since,
        since_what=since_what,
        mine=mine,
        last_session=MassageSession.objects.for_client(client)
        .select_related("outcome", "therapist")
        .first(),
        checkins=[(c, checkin_summary(c)) for c in checkins[:10]],
        sessions=list(sessions[:10]),
        flags=list(flags.select_related("session").order_by("-session__date", "-pk")[:20]),
        changes=list(changes[:BRIEF_CHANGES]),
        more_changes=max(0, changes.count() - BRIEF_CHANGES),
        seen=seen,
    )


def _since(mine: MassageSession | None, seen: dt.datetime | None):
    if mine is not None:
        # From the start of that day: a session is often logged hours after it.
        start = dt.datetime.combine(mine.date, dt.time.min)
        return timezone.make_aware(start), "session"
    if seen is not None:
        return seen, "look"
    return None, ""
