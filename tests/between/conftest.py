"""Alice with two focus zones and a routine, ready to check in."""

from __future__ import annotations

import pytest


@pytest.fixture
def alice_focus(alice_profile):
    from safetouch.checkins.services import routine_set
    from safetouch.clients.services import zone_set

    zone_set(client=alice_profile, region="calf_left", rule="focus")
    zone_set(client=alice_profile, region="calf_right", rule="focus")
    zone_set(client=alice_profile, region="upper_back", rule="focus")
    routine_set(client=alice_profile, stretches=["calf_wall", "doorway_biceps"])
    return alice_profile
