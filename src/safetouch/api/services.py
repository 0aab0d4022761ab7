"""Writes the API makes that the pages do through their forms."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safetouch.clients.models import ClientProfile
from safetouch.treatments.models import MassageSession
from safetouch.treatments.services import item_add, session_create


def profile_update(*, client: ClientProfile, changes: dict) -> ClientProfile:
    """Change the given profile fields only; all or nothing."""
    with transaction.atomic():
        client = ClientProfile.objects.select_for_update().get(pk=client.pk)
        for name, value in changes.items():
            setattr(client, name, value)
        client.full_clean()
        client.save(update_fields=list(changes) or None)
    return client


def session_log(
    *,
    client: ClientProfile,
    date: dt.date,
    minutes: int,
    position: str,
    new_therapist: str = "",
    notes: str = "",
    items: list[dict],
) -> MassageSession:
    """A session and its items in one transaction: no half-logged session is left."""
    with transaction.atomic():
        session = session_create(
            client=client,
            date=date,
            minutes=minutes,
            position=position,
            new_therapist=new_therapist,
            notes=notes,
        )
        for item in items:
            item_add(session=session, **item)
    return session
