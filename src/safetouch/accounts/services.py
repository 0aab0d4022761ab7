"""Writes that create accounts."""

from __future__ import annotations

from django.db import transaction

from safetouch.accounts.models import User
from safetouch.clients.services import profile_create


def account_create(
    *, email: str, password: str, first_name: str, role: str, time_zone: str = "UTC"
) -> User:
    """A new account; a client gets her own (empty) profile and body map at once."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, role=role, time_zone=time_zone
        )
        if role == User.Role.CLIENT:
            profile_create(user=user, first_name=first_name)
    return user


def account_delete(*, user: User) -> None:
    """Delete the account and, through CASCADE, every record hanging off it.

    Her profile, zones, sessions, outcomes, grants and any share link built on her
    profile go with it. Audit rows stay as evidence, with her and her addresses gone:
    the foreign keys are SET_NULL, and the IPs she connected from are cleared here.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from safetouch.records.models import AccessEvent

    with transaction.atomic():
        AccessEvent.objects.anonymize_actor(user)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.email).delete()
        sessions_end(user)
        user.delete()


def sessions_end(user: User, *, keep: str | None = None) -> int:
    """End every login of hers except the session `keep`; returns how many ended."""
    from django.contrib.sessions.models import Session

    keys = [key for key in _session_keys(user) if key != keep]
    Session.objects.filter(pk__in=keys).delete()
    return len(keys)


def _session_keys(user: User) -> list[str]:
    # Database sessions store the user id inside the encoded data, so decode each.
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.pk)
    return keys
