"""Writes that create accounts."""

from __future__ import annotations

from django.db import transaction

from safetouch.accounts.models import User
from safetouch.clients.services import profile_create


def account_create(*, email: str, password: str, first_name: str, role: str) -> User:
    """A new account; a client gets her own (empty) profile and body map at once."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, role=role
        )
        if role == User.Role.CLIENT:
            profile_create(user=user, first_name=first_name)
    return user
