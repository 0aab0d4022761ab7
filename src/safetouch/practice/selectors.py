"""Reads for the practice workspace and the pre-session brief: every client who shared
her records with the therapist, and what happened since she last saw each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from safetouch.checkins.dashboard import checkin_summary
from safetouch.checkins.selectors import Booking, bookings_for
from safetouch.core.prepared import Prepared
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.practice.models import ClientSeen
from safetouch.records.access import clients_visible_to
from safetouch.records.load import load_record, load_records
from safetouch.records.models import CareGrant, ClientProfile, LimitChange
from safetouch.records.types import AVOID, CheckIn, Item, Record, Session

# Neither looked nor granted (her own records seen through another account): all is new.
NEVER = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass
class Row:
    """One client on the workspace, with her badges."""

    client: ClientProfile
    never_touch: list[str] = field(default_factory=list)
    caps: list[tuple[str, int]] = field(default_factory=list)
    too_much: int = 0
    last_session: Session | None = None
    last_flare: dt.date | None = None
    booking: Booking | None = None
    due: bool = False
    new_changes: int = 0

    @property
    def flared_after_last(self) -> bool:
        return self.last_session is not None and self.last_session.flared

    @property
    def outcome_pending(self) -> bool:
        return self.last_session is not None and self.last_session.outcome is None


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
    changes = LimitChange.objects.filter(
        client=OuterRef("pk"), created__gt=OuterRef("seen_since")
    ).exclude(actor=user)
    return clients.annotate(
        seen_since=Coalesce(
            Subquery(seen), Subquery(granted), Value(NEVER, output_field=DateTimeField())
        ),
        new_changes=_count(changes),
    ).order_by("first_name", "pk")


# The whole list, the workspace's every view: compiled once (safetouch.core.prepared).
_SHARED = Prepared(lambda user_id: shared_clients(get_user_model()(pk=user_id)), user_id=int)


def workspace(user, *, today: dt.date, query: str = "") -> list[Row]:
    """The therapist's clients with their badges, due to book first, then by name."""
    clients = list(shared_clients(user, query=query)) if query else _SHARED.run(user_id=user.pk)
    if not clients:
        return []
    records = load_records(clients)
    bookings = bookings_for(clients, today=today, records=records)
    rows = []
    for client in clients:
        record = records[client.pk]
        never, caps = limits_of(record)
        booking = bookings.get(client.pk)
        flares = [s.date for s in record.sessions if s.flared]
        rows.append(
            Row(
                client=client,
                never_touch=never,
                caps=caps,
                too_much=sum(len(s.too_much) for s in record.sessions),
                last_session=record.last_session,
                last_flare=max(flares, default=None),
                booking=booking,
                due=bool(booking and booking.is_due(today)),
                new_changes=client.new_changes,
            )
        )
    return sorted(rows, key=lambda row: (not row.due, row.client.first_name.lower()))


def limits_of(record: Record) -> tuple[list[str], list[tuple[str, int]]]:
    """Her never-touch region names and [(region name, cap)], as the workspace shows them."""
    never = sorted(REGIONS[z.region].name for z in record.zones if z.rule == AVOID)
    caps = sorted(
        ((REGIONS[z.region].name, z.pressure_cap) for z in record.zones if z.pressure_cap),
        key=lambda pair: (pair[1], pair[0]),
    )
    return never, caps


BRIEF_CHANGES = 8  # the newest; the sheet and her limits show where they led


@dataclass
class Brief:
    """What happened since the therapist last saw her: the first thing to read."""

    since: dt.datetime | None
    since_what: str  # "session", "look" or "" (everything so far)
    mine: Session | None  # her last session with this therapist's account
    last_session: Session | None
    checkins: list[tuple[CheckIn, str]]
    sessions: list[Session]
    flags: list[dict]
    changes: list[LimitChange]
    more_changes: int
    seen: dt.datetime | None


def brief(user, client: ClientProfile, *, record: Record | None = None) -> Brief:
    """Since her last session with this therapist's account, else since she last opened
    the brief, else everything: check-ins, sessions and their flares, too-much flags and
    limit changes by others. Reads what `client_for` already allowed."""
    record = record or load_record(client)
    seen = ClientSeen.objects.filter(therapist=user, client=client).values_list("seen", flat=True)
    seen = seen.first()
    newest = record.sessions_newest_first
    mine = next((s for s in newest if s.therapist and s.therapist.user_id == user.pk), None)
    since, since_what = _since(mine, seen)
    sessions, checkins = list(newest), list(record.checkins_newest_first)
    changes = LimitChange.objects.filter(client=client).exclude(actor=user)
    if since_what == "session":
        sessions = [s for s in sessions if s.date >= mine.date and s.pk != mine.pk]
    elif since is not None:
        sessions = [s for s in sessions if s.created > since]
    if since is not None:
        checkins = [c for c in checkins if c.at > since]
        changes = changes.filter(created__gt=since)
    flags = sorted(
        ((s, item) for s in sessions for item in s.too_much),
        key=lambda pair: (pair[0].date, pair[1].pk),
        reverse=True,
    )
    return Brief(
        since=since,
        since_what=since_what,
        mine=mine,
        last_session=record.last_session,
        checkins=[(c, checkin_summary(c.tightness)) for c in checkins[:10]],
        sessions=sessions[:10],
        flags=[_flag(session, item) for session, item in flags[:20]],
        changes=list(changes[:BRIEF_CHANGES]),
        more_changes=max(0, changes.count() - BRIEF_CHANGES),
        seen=seen,
    )


def _flag(session: Session, item: Item) -> dict:
    return {
        "region_name": REGIONS[item.region].name,
        "technique_name": TECHNIQUES[item.technique].name,
        "pressure": item.pressure,
        "date": session.date,
    }


def _since(mine: Session | None, seen: dt.datetime | None):
    if mine is not None:
        # From the start of that day: a session is often logged hours after it.
        start = dt.datetime.combine(mine.date, dt.time.min)
        return timezone.make_aware(start), "session"
    if seen is not None:
        return seen, "look"
    return None, ""
