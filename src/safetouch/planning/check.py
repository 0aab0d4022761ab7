"""Re-check a plan she adjusted: engine.check judges her hard limits (no rule lives here),
then the engine's risk estimate."""

from __future__ import annotations

from dataclasses import replace

from safetouch.engine import check
from safetouch.engine.assess import assess
from safetouch.planning.selectors import Plan, PlanItem, engine_request
from safetouch.records.engine_request import item_dict
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record
from safetouch.treatments.limits import refusal_words


def plan_check(
    client: ClientProfile, items: list[PlanItem], minutes: int, *, record: Record | None = None
) -> Plan:
    """The adjusted plan with every refusal named, and its risk re-estimated if allowed;
    `record`: her record, loaded already."""
    request = engine_request(client, minutes, record=record)
    refusals = _check(request, items)
    per_item: dict[int, list[str]] = {}
    for r in refusals:
        if r["rule"] != "minutes":
            per_item.setdefault(r["index"], []).append(refusal_words(r))
    checked = [
        replace(item, refusal=" ".join(per_item[i]) if i in per_item else None)
        for i, item in enumerate(items)
    ]
    plan = Plan(
        items=checked,
        minutes=minutes,
        risk_tolerance=client.risk_tolerance,
        flare_risk=None,
        expected_relief=None,
        adjusted=True,
        problems=[f"Session length: {r['reason']}." for r in refusals if r["rule"] == "minutes"],
    )
    if plan.refusals:
        return plan
    return replace(plan, **estimate_plan(request, checked))


def _check(request: dict, items: list[PlanItem]) -> list[dict]:
    return check(request, [item_dict(item) for item in items])


def estimate_plan(request: dict, items: list[PlanItem]) -> dict:
    """flare_risk and expected_relief of these items, by the engine's own models."""
    response = assess(request, [item_dict(item) for item in items])
    return {
        "flare_risk": response["flare_risk"],
        "expected_relief": response["expected_relief"],
    }
