"""Writes to share links: create one (the token leaves only once), record an opening, revoke."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db.models import F
from django.utils import timezone

from safetouch.handoff.models import MAX_DAYS, ShareLink, token_hash
from safetouch.records.models import ClientProfile

TOKEN_BYTES = 32  # 256 random bits; the contract asks for at least 128


def share_link_create(
    *, client: ClientProfile, therapist_name: str, days: int
) -> tuple[ShareLink, str]:
    """A new link and its token. The token is returned once and stored only as a hash."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days: must be from 1 to {MAX_DAYS}, got {days}")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    link = ShareLink(
        client=client,
        therapist_name=therapist_name.strip(),
        token_hash=token_hash(token),
        created=now,
        expires=now + dt.timedelta(days=days),
    )
    link.full_clean()
    link.save()
    return link, token


def share_link_opened(*, link: ShareLink) -> None:
    """Note the opening in one UPDATE, so two therapists opening at once both count."""
    now = timezone.now()
    ShareLink.objects.filter(pk=link.pk).update(last_opened=now, open_count=F("open_count") + 1)
    link.last_opened = now


def share_link_revoke(*, link: ShareLink) -> ShareLink:
    """Revoke at once; revoking twice keeps the first time."""
    if link.revoked is None:
        link.revoked = timezone.now()
        link.save(update_fields=["revoked"])
    return link
