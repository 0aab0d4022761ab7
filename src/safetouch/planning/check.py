"""Re-check a plan she adjusted: her hard limits first, then the engine's risk estimate."""

from __future__ import annotations

from dataclasses import replace

from safetouch.clients.limits import Limits
from safetouch.clients.models import ClientProfile
from safetouch.engine.assess import assess
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.planning.selectors import Plan, PlanItem, engine_request
from safetouch.treatments.models import SessionItem


def too_much_flags(client: ClientProfile) -> dict[tuple[str, str], tuple[int, object]]:
    """(region, technique) -> (lowest pressure she called too much, on which date)."""
    flags: dict[tuple[str, str], tuple[int, object]] = {}
    rows = SessionItem.objects.filter(session__client=client, too_much=True).order_by(
        "pressure", "session__date"
    )
    for region, technique, pressure, date in rows.values_list(
        "region", "technique", "pressure", "session__date"
    ):
        flags.setdefault((region, technique), (pressure, date))
    return flags


def refusal(limits: Limits, flags: dict, item: PlanItem) -> str | None:
    """Why this item may not be done, in words she and her therapist understand."""
    reason = limits.breach(item.region, item.technique, item.pressure)
    if reason:
        return reason
    flagged = flags.get((item.region, item.technique))
    if flagged and item.pressure >= flagged[0]:
        pressure, date = flagged
        return (
            f"{TECHNIQUES[item.technique].name} on {REGIONS[item.region].name.lower()} was "
            f"too much at pressure {pressure} on {date:%d %b %Y}; stay below {pressure}."
        )
    return None


def _minutes_refusal(items: list[PlanItem], minutes: int) -> list[str]:
    total = sum(item.minutes for item in items)
    if total > minutes:
        return [f"The items add up to {total} minutes; the session has {minutes}."]
    return []


def _duplicate_refusal(items: list[PlanItem]) -> list[str]:
    seen, twice = set(), []
    for item in items:
        if item.region in seen and item.region not in twice:
            twice.append(item.region)
        seen.add(item.region)
    return [f"{REGIONS[r].name} appears twice; keep one item a region." for r in twice]


def plan_check(client: ClientProfile, items: list[PlanItem], minutes: int) -> Plan:
    """The adjusted plan with every refusal named, and its risk re-estimated if allowed."""
    limits, flags = Limits.of(client), too_much_flags(client)
    checked = [replace(item, refusal=refusal(limits, flags, item)) for item in items]
    problems = _minutes_refusal(checked, minutes) + _duplicate_refusal(checked)
    plan = Plan(
        items=checked,
        minutes=minutes,
        risk_tolerance=client.risk_tolerance,
        flare_risk=None,
        expected_relief=None,
        adjusted=True,
        problems=problems,
    )
    if plan.refusals:
        return plan
    estimate = estimate_plan(engine_request(client, minutes), checked)
    return replace(plan, **estimate)


def estimate_plan(request: dict, items: list[PlanItem]) -> dict:
    """flare_risk and expected_relief of these items, by the engine's own models."""
    response = assess(request, [_item_dict(item) for item in items])
    return {
        "flare_risk": response["flare_risk"],
        "expected_relief": response["expected_relief"],
    }


def _item_dict(item: PlanItem) -> dict:
    return {
        "region": item.region,
        "technique": item.technique,
        "pressure": item.pressure,
        "minutes": item.minutes,
    }
