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
    _between(alice_profile)
    return alice_profile


def _between(profile) -> None:
    """Two check-ins, a routine and her preferences."""
    import datetime as dt

    from safetouch.checkins.models import Preferences
    from safetouch.checkins.services import checkin_save, routine_set

    for day, minutes, temp in ((3, 240, -4.5), (5, 0, None)):
        checkin_save(
            client=profile,
            at=dt.datetime(2026, 10, day, 18, 30, tzinfo=dt.UTC),
            training_minutes=minutes,
            temperature_c=temp,
            tightness={"calf_left": 6 - day // 2, "hamstring_right": 4},
            stretches=["single_knee_to_chest"] if minutes else [],
            notes="after swim" if minutes else "",
        )
    routine_set(client=profile, stretches=["single_knee_to_chest", "calf_wall"])
    Preferences.objects.create(client=profile, temperature_unit="F", limit_level=6)
