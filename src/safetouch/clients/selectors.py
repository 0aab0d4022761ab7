"""Reads about a client's limits and their history. Who may see them is the access
service's question (safetouch.records.access)."""

from __future__ import annotations

from safetouch.core.prepared import Prepared
from safetouch.records import history
from safetouch.records.models import ClientProfile, LimitChange, ZoneRule
from safetouch.records.types import Record


def zone_map(record: Record) -> dict[str, ZoneRule]:
    """Region id -> her zone, from her loaded record, as the map partials draw it (with
    the rule's and the region's names); unsaved rows, never written."""
    return {
        z.region: ZoneRule(
            client_id=record.pk,
            region=z.region,
            rule=z.rule,
            pressure_cap=z.pressure_cap,
            updated=z.updated,
        )
        for z in record.zones
    }


LIMIT_CHANGES_SHOWN = 5  # at most, on her dashboard


def current_state(change: LimitChange):
    """The limit `change` touched, as it is now, in the form `LimitChange` stores."""
    client = change.client
    if change.kind == LimitChange.Kind.ZONE:
        zone = client.zones.filter(region=change.subject).first()
        return history.zone_state(zone.rule, zone.pressure_cap) if zone else None
    if change.kind == LimitChange.Kind.BAN:
        technique, _, region = change.subject.partition(":")
        found = client.banned.filter(technique=technique, region=region).exists()
        return {"banned": True} if found else None
    field = "risk_tolerance" if change.kind == LimitChange.Kind.TOLERANCE else "prone_max_minutes"
    return ClientProfile.objects.values_list(field, flat=True).get(pk=client.pk)


def limit_changes_by_others(
    client: ClientProfile, *, limit: int = LIMIT_CHANGES_SHOWN
) -> list[LimitChange]:
    """The latest changes to her limits that someone else made, for her dashboard; each
    knows whether one click can still undo it (nobody changed that limit since)."""
    changes = _BY_OTHERS.run(client_id=client.pk, user_id=client.user_id)[:limit]
    for change in changes:
        change.client = client  # the profile in hand, not another read of it
        change.undoable = current_state(change) == change.after
    return changes


# Asked on every view of her dashboard: compiled once (safetouch.core.prepared).
_BY_OTHERS = Prepared(
    lambda client_id, user_id: LimitChange.objects.by_others(
        ClientProfile(pk=client_id, user_id=user_id)
    )[:LIMIT_CHANGES_SHOWN],
    client_id=int,
    user_id=int,
)


def limits_last_changed(client: ClientProfile) -> LimitChange | None:
    """The newest change to any of her limits, by anyone."""
    found = _LAST_CHANGED.run(client_id=client.pk)
    return found[0] if found else None


# Asked on every view of her sheet: compiled once (safetouch.core.prepared).
_LAST_CHANGED = Prepared(
    lambda client_id: LimitChange.objects.filter(client_id=client_id).order_by("-created", "-pk")[
        :1
    ],
    client_id=int,
)
