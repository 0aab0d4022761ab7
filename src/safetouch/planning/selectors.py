"""Her next plan from the engine: her loaded record and her practice's population as the
engine request, and the engine's answer as the pages' `Plan`.

The request's record part is built in one place, `safetouch.records.engine_request`;
plans are remembered per process in `planning.cache`; how a plan reads and is drawn
lives in `planning.display`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, Q, QuerySet, When

from safetouch.accounts.models import display_name
from safetouch.core.prepared import Prepared
from safetouch.planning.cache import plan_for
from safetouch.planning.display import (
    PRESSURE_FILLS,
    Excluded,
    Plan,
    PlanChange,
    PlanItem,
    excluded_of,
    plan_map_context,
)
from safetouch.planning.models import PoolingConsent, Population
from safetouch.records import engine_request as requests
from safetouch.records.load import load_record
from safetouch.records.models import CareGrant, ClientProfile
from safetouch.records.types import Record

# Names the views, the hand-off and the API have always imported from here.
__all__ = [
    "PRESSURE_FILLS",
    "Excluded",
    "Plan",
    "PlanChange",
    "PlanItem",
    "default_minutes",
    "engine_request",
    "history_request",
    "plan_for",
    "plan_map_context",
    "proposed_plan",
]

DEFAULT_MINUTES = 45
LOOK_UP = object()  # engine_request: find her population itself


def default_minutes(client: ClientProfile, *, record: Record | None = None) -> int:
    """Her usual hands-on time: the last session's, or 45 minutes."""
    if record is not None:
        last = record.last_session.minutes if record.last_session else None
    else:
        last = client.sessions.order_by("-date", "-id").values_list("minutes", flat=True).first()
    return min(max(last or DEFAULT_MINUTES, 10), 180)


def pools_history(client: ClientProfile) -> bool:
    """Whether she lets her history, without her name, improve plans (off by default)."""
    return PoolingConsent.objects.filter(client=client, pooled=True).exists()


def population_for(client: ClientProfile) -> Population | None:
    """The population her plans use: her therapist's (the one fitted on most clients if
    she has several), else the server's; None while neither was fitted on enough
    clients, and the engine keeps its built-in prior. Its therapist's name and e-mail
    come with it (`therapist_first_name`, `therapist_email`), for what the plan says."""
    found = _POPULATION.run(client_id=client.pk)
    return found[0] if found else None


def _populations(client_id: int) -> QuerySet[Population]:
    therapists = CareGrant.objects.active().filter(client_id=client_id).values("grantee_id")
    candidates = Population.objects.fitted().filter(
        Q(therapist__in=therapists) | Q(therapist__isnull=True)
    )
    server = Case(When(therapist__isnull=True, then=1), default=0)
    named = candidates.annotate(
        therapist_first_name=F("therapist__first_name"), therapist_email=F("therapist__email")
    )
    return named.order_by(server, "-fitted_on", "therapist_id")[:1]


# Asked on every view of a plan: compiled once (safetouch.core.prepared).
_POPULATION = Prepared(_populations, client_id=int)


def history_request(client: ClientProfile, minutes: int, *, record: Record | None = None) -> dict:
    """Her request without a population: what fit_population learns from."""
    return requests.engine_request(record or load_record(client), minutes)


def engine_request(
    client: ClientProfile,
    minutes: int,
    *,
    record: Record | None = None,
    population: Population | None | object = LOOK_UP,
) -> dict:
    """The engine request for her next plan of `minutes` hands-on minutes: her record
    (`record` when loaded already), and her practice's population when one was fitted
    (`population`, when the caller has looked it up)."""
    request = history_request(client, minutes, record=record)
    if population is LOOK_UP:
        population = population_for(client)
    if population:
        request["population"] = population.parameters
    return request


def _last_date(request: dict) -> dt.date | None:
    history = request["history"]
    return dt.date.fromisoformat(history[-1]["date"]) if history else None


def population_note(population: Population | None) -> str:
    """Which population a plan used, and over how many clients, in words."""
    if population is None:
        return "Built-in prior: fewer than 20 clients who shared their history so far."
    when = f"{population.fitted:%-d %b %Y}"
    if population.therapist_id is None:
        where = "all clients on this server who shared their history"
    else:
        name = display_name(population.therapist_first_name, population.therapist_email)
        where = f"{name}'s clients who shared their history"
    return f"Learned from {population.fitted_on} of {where} (fitted {when})."


def proposed_plan(
    client: ClientProfile, minutes: int | None = None, *, record: Record | None = None
) -> Plan:
    """The engine's plan for her next session; raises EngineError if her records break
    the contract (they cannot through the web forms, but the message names the field).
    `record`: her record, loaded already."""
    record = record or load_record(client)
    minutes = minutes or default_minutes(client, record=record)
    population = population_for(client)
    request = engine_request(client, minutes, record=record, population=population)
    response = plan_for(request)
    readings = requests.current_readings(record, record.worked_sessions)
    items = [
        PlanItem(
            **{**item, "why": requests.with_source(item["why"], readings.get(item["region"]))}
        )
        for item in response["items"]
    ]
    return Plan(
        items=items,
        minutes=minutes,
        risk_tolerance=client.risk_tolerance,
        flare_risk=response["flare_risk"],
        expected_relief=response["expected_relief"],
        excluded=[excluded_of(entry) for entry in response["excluded"]],
        changes=[PlanChange.of(entry) for entry in response.get("changes", [])],
        last_date=_last_date(request),
        learned_from=population_note(population),
        response=response,
    )
