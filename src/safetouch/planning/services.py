"""Start a session from a plan: an empty session log holding the plan as its checklist,
recorded item by item in in-session mode as it happens."""

from __future__ import annotations

import datetime as dt

from safetouch.clients.models import ClientProfile, Therapist
from safetouch.planning.selectors import Plan
from safetouch.treatments.models import MassageSession
from safetouch.treatments.services import session_create


class PlanRefused(ValueError):
    """The plan breaks one of her hard limits; the message says which."""


def session_from_plan(
    *, client: ClientProfile, plan: Plan, date: dt.date, therapist: Therapist | None = None
) -> MassageSession:
    """A new session with the plan as its checklist and nothing recorded yet (items are
    recorded as they happen); a refused plan is not started."""
    if plan.refusals:
        raise PlanRefused(" ".join(plan.refusals))
    return session_create(
        client=client,
        date=date,
        minutes=plan.minutes,
        position=client.position,
        therapist=therapist,
        notes="Started from the SafeTouch plan.",
        planned=[
            {
                "region": i.region,
                "technique": i.technique,
                "pressure": i.pressure,
                "minutes": i.minutes,
            }
            for i in plan.items
        ],
    )
