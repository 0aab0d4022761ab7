"""Alice with limits, tightness and a history the engine can plan from."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def alice_history(alice_profile):
    from safetouch.clients.services import banned_add, zone_set
    from safetouch.treatments.services import item_add, outcome_record, session_create

    zone_set(client=alice_profile, region="sacroiliac_joint_left", rule="avoid")
    zone_set(client=alice_profile, region="sacroiliac_joint_right", rule="avoid")
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    zone_set(client=alice_profile, region="upper_back", rule="caution", pressure_cap=3)
    for region in ("calf_left", "calf_right", "hamstring_left"):
        zone_set(client=alice_profile, region=region, rule="focus")
    banned_add(client=alice_profile, technique="joint_mobilization")
    banned_add(client=alice_profile, technique="tapotement", region="upper_back")
    first = session_create(
        client=alice_profile, date=dt.date(2026, 10, 1), minutes=45, position="side_lying"
    )
    item_add(session=first, region="calf_left", technique="petrissage", pressure=3, minutes=10)
    item_add(
        session=first,
        region="hamstring_left",
        technique="friction",
        pressure=4,
        minutes=5,
        too_much=True,
    )
    outcome_record(
        session=first, flare=False, tightness={"calf_left": (7, 4), "upper_back": (6, 4)}
    )
    second = session_create(
        client=alice_profile, date=dt.date(2026, 10, 15), minutes=40, position="side_lying"
    )
    item_add(session=second, region="calf_left", technique="petrissage", pressure=3, minutes=10)
    return alice_profile
