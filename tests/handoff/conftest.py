"""Alice's standing limits and one session with a too-much flag, for sheet and link tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def alice_limits(alice_profile, alice_session):
    from safetouch.clients.services import banned_add, zone_set
    from safetouch.treatments.services import item_add

    zone_set(client=alice_profile, region="sacroiliac_joint_left", rule="avoid")
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    zone_set(client=alice_profile, region="gluteal_right", rule="caution", pressure_cap=2)
    zone_set(client=alice_profile, region="calf_left", rule="focus")
    banned_add(client=alice_profile, technique="joint_mobilization")
    item_add(
        session=alice_session,
        region="upper_back",
        technique="deep_tissue",
        pressure=4,
        minutes=10,
        too_much=True,
    )
    return alice_profile
