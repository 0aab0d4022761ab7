"""Alice's record as her therapist bob finds it: limits, a flagged item, a flare."""

from __future__ import annotations

import datetime as dt

import pytest

from safetouch.clients.services import zone_set
from safetouch.treatments.services import outcome_record, session_create


@pytest.fixture
def alice_record(alice_profile):
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    zone_set(client=alice_profile, region="gluteal_left", rule="avoid")
    zone_set(client=alice_profile, region="neck", rule="caution", pressure_cap=2)
    session = session_create(
        client=alice_profile,
        date=dt.date(2026, 11, 1),
        minutes=45,
        position="side_lying",
        items=[
            {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10},
            {
                "region": "upper_back",
                "technique": "effleurage",
                "pressure": 3,
                "minutes": 10,
                "too_much": True,
            },
        ],
    )
    outcome_record(session=session, flare=True, hours_after=6)
    return alice_profile
