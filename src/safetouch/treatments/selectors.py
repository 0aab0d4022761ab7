"""Reads of a client's session log."""

from __future__ import annotations

from safetouch.records.models import ClientProfile, MassageSession


def session_for(client: ClientProfile, session_id: int) -> MassageSession:
    return (
        MassageSession.objects.for_client(client)
        .select_related("therapist", "outcome")
        .get(pk=session_id)
    )


def outcome_regions(session: MassageSession) -> list[str]:
    """Regions to ask tightness about: her focus zones, what was worked, what was recorded."""
    regions = list(session.client.zones.focused().values_list("region", flat=True))
    regions += [item.region for item in session.items.all()]
    regions += list(session.tightness.values_list("region", flat=True))
    avoided = set(session.client.zones.avoided().values_list("region", flat=True))
    return [r for r in dict.fromkeys(regions) if r not in avoided]
