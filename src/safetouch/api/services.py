"""Writes the API makes that the pages do through their forms."""

from __future__ import annotations

from django.db import transaction

from safetouch.clients.models import ClientProfile


def profile_update(*, client: ClientProfile, changes: dict) -> ClientProfile:
    """Change the given profile fields only; all or nothing."""
    with transaction.atomic():
        client = ClientProfile.objects.select_for_update().get(pk=client.pk)
        for name, value in changes.items():
            setattr(client, name, value)
        client.full_clean()
        client.save(update_fields=list(changes) or None)
    return client
