"""The session queries the loader does not cover: one session as a row to change, and
the history list, paged in the database."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from safetouch.records.models import ClientProfile, MassageSession, SessionItem


def sessions_of(client: ClientProfile) -> QuerySet[MassageSession]:
    """Her sessions as rows to change (an item added or flagged), newest first."""
    return (
        MassageSession.objects.for_client(client)
        .select_related("therapist", "outcome")
        .prefetch_related("items", "tightness")
        .order_by("-date", "-id")
    )


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
