"""A client with a routine: deep tissue at 4 on both calves, tolerated, for plan tests."""

from __future__ import annotations

import datetime as dt

ROUTINE = (
    ("calf_left", "deep_tissue", 4, 12),
    ("calf_right", "deep_tissue", 4, 12),
    ("upper_back", "petrissage", 3, 10),
    ("forearm_left", "effleurage", 2, 5),
)


def give_routine(profile, *, reported: int = 2):
    """Three sessions of her routine; the first `reported` ones tolerated (no flare)."""
    from safetouch.clients.services import banned_add, zone_set
    from safetouch.treatments.services import item_add, outcome_record, session_create

    for region in ("sacroiliac_joint_left", "sacroiliac_joint_right", "lower_back"):
        zone_set(client=profile, region=region, rule="avoid")
    for region in ("calf_left", "calf_right", "hamstring_left", "upper_back"):
        zone_set(client=profile, region=region, rule="focus")
    banned_add(client=profile, technique="joint_mobilization")
    for k in range(3):
        session = session_create(
            client=profile,
            date=dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * k),
            minutes=45,
            position="side_lying",
        )
        for region, technique, pressure, minutes in ROUTINE:
            item_add(
                session=session,
                region=region,
                technique=technique,
                pressure=pressure,
                minutes=minutes,
            )
        tightness = {"calf_left": (8, 5), "calf_right": (8, 5), "upper_back": (6, 4)}
        if k < reported:
            outcome_record(session=session, flare=False, tightness=tightness)
    return profile
