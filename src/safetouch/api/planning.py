"""A client's records as an engine request (../shared/engine-contract.md).

A small adapter of our own for the client-scoped plan and the FHIR CarePlan; the plan
page brings safetouch.planning.selectors.engine_request, which should replace this
one once both are on main.
"""

from __future__ import annotations

from safetouch.api.selectors import sessions_oldest_first
from safetouch.clients.models import ClientProfile
from safetouch.treatments.models import MassageSession


def engine_request(client: ClientProfile, minutes: int) -> dict:
    zones = list(client.zones.all())
    avoid = sorted(z.region for z in zones if z.rule == "avoid")
    sessions = list(sessions_oldest_first(client))
    return {
        "client": {
            "avoid": avoid,
            "max_pressure": {z.region: z.pressure_cap for z in zones if z.pressure_cap},
            "banned": [
                {"technique": t, "region": r} if r else {"technique": t}
                for t, r in client.banned.values_list("technique", "region")
            ],
            "tightness": _current_tightness(sessions, set(avoid)),
            "risk_tolerance": client.risk_tolerance,
        },
        "history": [_past(s) for s in sessions],
        "minutes": minutes,
    }


def _current_tightness(sessions: list[MassageSession], avoid: set[str]) -> dict[str, int]:
    """The latest reading per region: the day-after figure if known, else the before one."""
    current: dict[str, int] = {}
    for session in sessions:  # oldest first, so later readings overwrite earlier ones
        for t in session.tightness.all():
            value = t.after if t.after is not None else t.before
            if value is not None and t.region not in avoid:
                current[t.region] = value
    return current


def _past(session: MassageSession) -> dict:
    items = sorted(session.items.all(), key=lambda i: i.pk)
    outcome = getattr(session, "outcome", None)
    tightness = list(session.tightness.all())
    return {
        "date": session.date.isoformat(),
        "items": [
            {
                "region": i.region,
                "technique": i.technique,
                "pressure": i.pressure,
                "minutes": i.minutes,
            }
            for i in items
        ],
        "too_much": [
            {"region": i.region, "technique": i.technique, "pressure": i.pressure}
            for i in items
            if i.too_much
        ],
        "flare": outcome.flare if outcome else None,  # null: not reported yet
        "tightness_before": {t.region: t.before for t in tightness if t.before is not None},
        "tightness_after": {t.region: t.after for t in tightness if t.after is not None},
    }
