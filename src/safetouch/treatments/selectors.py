"""Reads of a client's session log."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from safetouch.records.models import ClientProfile, MassageSession, SessionItem


def session_history(client: ClientProfile) -> QuerySet[MassageSession]:
    """Her sessions, newest first, with what the history list shows in a fixed few queries."""
    return (
        MassageSession.objects.for_client(client)
        .select_related("therapist", "outcome")
        .annotate(
            item_count=Count("items", distinct=True),
            flagged_count=Count("items", filter=Q(items__too_much=True), distinct=True),
        )
        .prefetch_related(Prefetch("items", queryset=SessionItem.objects.order_by("id")))
        .order_by("-date", "-id")  # Meta.ordering does not apply to aggregating queries
    )


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
