"""Fixtures for exports: alice's full record (zones, bans, therapists, shares, sessions)."""

from __future__ import annotations

import pytest

from tests.api.conftest import fast_password_hashing, fill_alice

__all__ = ["fast_password_hashing"]  # autouse here too


@pytest.fixture
def alice_full(alice_profile, bob, carol):
    """alice with everything the account file carries, including a revoked share."""
    from django.utils import timezone

    from safetouch.clients.models import CareGrant, Therapist

    fill_alice(alice_profile)
    Therapist.objects.filter(client=alice_profile, name="Maria").update(user=bob)
    alice_profile.positioning_notes = "Pillow between the knees; =SUM(A1) stays text"
    alice_profile.prone_max_minutes = 5
    alice_profile.save()
    CareGrant.objects.filter(grantee=carol).update(revoked=timezone.now())
    return alice_profile
