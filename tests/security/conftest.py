"""Fixtures for the access tests: dave is a therapist whose grant alice revoked."""

from __future__ import annotations

import pytest


@pytest.fixture
def dave(db, alice_profile):
    from django.utils import timezone

    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant

    dave = account_create(
        email="dave@example.com",
        password="correct-horse-battery",
        first_name="Dave",
        role="therapist",
    )
    CareGrant.objects.create(
        client=alice_profile, grantee=dave, access="write", revoked=timezone.now()
    )
    return dave
