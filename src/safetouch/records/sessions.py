"""The session query the loader does not cover: her sessions as rows to change."""

from __future__ import annotations

from django.db.models import QuerySet

from safetouch.records.models import ClientProfile, MassageSession


def sessions_of(client: ClientProfile) -> QuerySet[MassageSession]:
    """Her sessions as rows to change (an item added or flagged), newest first."""
    return (
        MassageSession.objects.for_client(client)
        .select_related("therapist", "outcome")
        .prefetch_related("items", "tightness")
        .order_by("-date", "-id")
    )
