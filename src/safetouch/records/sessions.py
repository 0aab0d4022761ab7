"""The queries of her session log, with what their readers need fetched alongside."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from safetouch.records.models import ClientProfile, MassageSession, SessionItem


def sessions_of(client: ClientProfile) -> QuerySet[MassageSession]:
    """Her sessions, newest first, with therapist, outcome, items and tightness."""
    return (
        MassageSession.objects.for_client(client)
        .select_related("therapist", "outcome")
        .prefetch_related("items", "tightness")
        .order_by("-date", "-id")
    )


def sessions_oldest_first(client: ClientProfile) -> QuerySet[MassageSession]:
    """Her sessions in the order they happened, as the exports and the engine read them."""
    return sessions_of(client).order_by("date", "pk")


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
