"""Reads of the audit trail: "who looked at my records"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, QuerySet

from safetouch.records.models import AccessEvent


def events_for(client, *, others_only: bool = False, limit: int = 200) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.for_client(client)
    if others_only:
        events = events.exclude(actor=client.user)
    return events[:limit]


@dataclass(frozen=True)
class Looker:
    actor_id: int | None
    name: str
    role: str
    reads: int
    writes: int
    last: datetime


def lookers(client) -> list[Looker]:
    """Everyone but the client who accessed her records, most recent first."""
    rows = (
        AccessEvent.objects.filter(client=client)
        .exclude(actor=client.user)
        .values("actor_id", "actor__first_name", "actor__email", "actor_role", "via", "access")
        .annotate(n=Count("id"), last=Max("created"))
    )
    people: dict[object, dict] = {}
    for row in rows:
        person = people.setdefault(
            row["actor_id"] or row["via"] or None,
            {"name": _name(row), "role": row["actor_role"], "reads": 0, "writes": 0},
        )
        person[row["access"] + "s"] += row["n"]
        person["last"] = max(person.get("last", row["last"]), row["last"])
    looked = [Looker(actor_id=k if isinstance(k, int) else None, **v) for k, v in people.items()]
    return sorted(looked, key=lambda p: p.last, reverse=True)


def _name(row: dict) -> str:
    if row["actor_id"] is None and row["via"]:
        return row["via"][:1].upper() + row["via"][1:]
    if row["actor_id"] is None:
        return "A deleted account" if row["actor_role"] != "anonymous" else "Someone not logged in"
    first, email = row["actor__first_name"], row["actor__email"]
    return f"{first} ({email})" if first else email


def last_access_by(client) -> dict[int, datetime]:
    """Actor id -> when that account last accessed the client's records."""
    rows = (
        AccessEvent.objects.filter(client=client, actor__isnull=False)
        .values("actor_id")
        .annotate(last=Max("created"))
    )
    return {row["actor_id"]: row["last"] for row in rows}
