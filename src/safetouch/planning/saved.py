"""Her next-session plan, the same everywhere (plan page, hand-off sheet, share link, API,
FHIR CarePlan): the plan a therapist adjusted and saved, while engine.check still finds
it within her limits; otherwise the engine's plan for her usual session length."""

from __future__ import annotations

import copy
from dataclasses import asdict, replace

from django.db import transaction
from django.utils import timezone

from safetouch.core.cache import remembered
from safetouch.core.prepared import Prepared
from safetouch.engine.errors import EngineError
from safetouch.planning.check import plan_check
from safetouch.planning.models import Population, SavedPlan
from safetouch.planning.selectors import (
    Plan,
    PlanItem,
    default_minutes,
    population_for,
    proposed_plan,
)
from safetouch.planning.services import PlanRefused
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record

SAVED_FIELDS = ("region", "technique", "pressure", "minutes", "why", "was")
SAVED_KEY = ("minutes", "items", "saved_by_name", "saved")  # what next_plan reads of it


def usual_minutes(client: ClientProfile) -> int:
    """Her usual hands-on time: a saved plan's, else her last session's (or 45)."""
    saved = SavedPlan.objects.filter(client=client).values_list("minutes", flat=True).first()
    return saved or default_minutes(client)


def next_plan(
    client: ClientProfile, minutes: int | None = None, *, record: Record | None = None
) -> Plan:
    """Her next-session plan. `minutes` other than the saved plan's asks the engine for
    a plan of that length; `record`: her record, loaded already. Raises EngineError
    like `proposed_plan`."""
    record = record or load_record(client)
    saved = SavedPlan.objects.filter(client=client).first()
    if saved is None or minutes not in (None, saved.minutes):
        minutes = minutes or default_minutes(client, record=record)
        return proposed_plan(client, minutes, record=record)
    items = [PlanItem(**{k: item.get(k, "") for k in SAVED_FIELDS}) for item in saved.items]
    checked = plan_check(client, items, saved.minutes, record=record)
    engine = proposed_plan(client, saved.minutes, record=record)
    if checked.refusals:  # her limits changed since it was saved: never show it as safe
        return replace(engine, saved_dropped=True)
    return replace(
        checked,
        excluded=engine.excluded,
        adjusted_by=saved.saved_by_name,
        adjusted_on=saved.saved,
    )


def next_plan_cached(
    client: ClientProfile, minutes: int | None = None, *, record: Record | None = None
) -> Plan:
    """`next_plan`, worked out once per version of what it reads: her loaded record
    (`record` when the page loaded it already), her saved plan, and the population it
    uses. For the pages; the plan holds nothing of who is looking."""
    record = record or load_record(client)
    population = population_for(client)
    parts = (
        record.fingerprint,
        minutes,
        timezone.localdate(),
        timezone.get_current_timezone_name(),
        _saved_key(client),
        _population_key(population),
    )
    return remembered("next-plan:v3", parts, lambda: next_plan(client, minutes, record=record))


def _columns(row) -> tuple:
    return tuple(getattr(row, f.attname) for f in row._meta.concrete_fields)


def _saved_key(client: ClientProfile) -> tuple | None:
    saved = _SAVED.run(client_id=client.pk)
    return tuple(getattr(saved[0], name) for name in SAVED_KEY) if saved else None


def _population_key(population: Population | None) -> tuple | None:
    """The population's columns and its therapist's name: all `population_note` reads."""
    if population is None:
        return None
    return (*_columns(population), population.therapist_first_name, population.therapist_email)


# Asked on every view of a plan: compiled once (safetouch.core.prepared).
_SAVED = Prepared(
    lambda client_id: SavedPlan.objects.filter(client_id=client_id).only(*SAVED_KEY),
    client_id=int,
)


def next_plan_response(
    client: ClientProfile, minutes: int | None = None, *, record: Record | None = None
) -> dict:
    """The next plan in the engine contract's response shape (for the API and FHIR); an
    adjusted plan carries `adjusted: {by, on}`."""
    record = record or load_record(client)
    plan = next_plan_cached(client, minutes, record=record)
    if not plan.adjusted_by:
        return copy.deepcopy(plan.response)  # the kept plan is shared by every view
    fields = ("region", "technique", "pressure", "minutes", "why")
    return {
        "items": [{k: getattr(item, k) for k in fields} for item in plan.items],
        "excluded": [
            {k: v for k, v in asdict(e).items() if v not in (None, "")} for e in plan.excluded
        ],
        "flare_risk": plan.flare_risk,
        "expected_relief": plan.expected_relief,
        "adjusted": {"by": plan.adjusted_by, "on": plan.adjusted_on.isoformat()},
    }


def plan_save(*, client: ClientProfile, plan: Plan, user) -> SavedPlan:
    """Keep an adjusted plan as her next-session plan; one that breaks her limits is
    refused (engine.check judged it in `plan_check`)."""
    if plan.refusals or not plan.items:
        raise PlanRefused(" ".join(plan.refusals) or "items: the plan is empty.")
    items = [{k: getattr(item, k) for k in SAVED_FIELDS} for item in plan.items]
    with transaction.atomic():
        saved, _ = SavedPlan.objects.update_or_create(
            client=client,
            defaults={
                "minutes": plan.minutes,
                "items": items,
                "saved_by": user,
                "saved_by_name": user.display_name,
            },
        )
    return saved


def plan_reset(*, client: ClientProfile) -> None:
    """Back to the engine's plan."""
    SavedPlan.objects.filter(client=client).delete()


__all__ = ["EngineError", "PlanRefused", "next_plan", "next_plan_response", "plan_save"]
