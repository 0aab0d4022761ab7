"""Reads that shape records for the API."""

from __future__ import annotations

from django.http import Http404

from safetouch.api.schemas import ClientSummary
from safetouch.records import shapes
from safetouch.records.access import accesses_of
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile


def client_summaries(user) -> list[ClientSummary]:
    """Every profile the user may read, with how far she may go."""
    return [
        ClientSummary(id=a.client.pk, first_name=a.client.first_name, access=a.level)
        for a in accesses_of(user)
    ]


def profile_out(client: ClientProfile) -> dict:
    return shapes.profile_out(load_record(client))


def session_out(client: ClientProfile, session_id: int) -> dict:
    """One of her sessions as the API shows it (404 when she has no such session)."""
    for session in load_record(client).sessions:
        if session.pk == session_id:
            return shapes.session_out(session)
    raise Http404("No such session")


def sessions_out(client: ClientProfile, *, offset: int, limit: int) -> list[dict]:
    """A page of her sessions, newest first."""
    page = load_record(client).sessions_newest_first[offset : offset + limit]
    return [shapes.session_out(s) for s in page]
