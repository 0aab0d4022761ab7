"""Writes of the practice workspace."""

from __future__ import annotations

import datetime as dt

from safetouch.practice.models import ClientSeen
from safetouch.records.models import ClientProfile


def client_seen(*, therapist, client: ClientProfile, at: dt.datetime) -> None:
    """Remember that the therapist looked at the client's records now."""
    ClientSeen.objects.update_or_create(therapist=therapist, client=client, defaults={"seen": at})
