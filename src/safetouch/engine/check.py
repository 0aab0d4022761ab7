"""`check(request, items)`: the one judge of hard limits (engine-contract.md, version 2).

It judges any list of items (an adjusted plan, an item about to be logged) by the same
rule functions the planner obeys (rules.HARD_RULES), plus the session's minutes.
"""

from __future__ import annotations

from safetouch.engine.rules import limits_from, refusals
from safetouch.engine.validate import Item, parse_items, parse_request


def _refusal(index: int, item: Item, rule: str, reason: str) -> dict:
    return {
        "index": index,
        "region": item.region,
        "technique": item.technique,
        "pressure": item.pressure,
        "rule": rule,
        "reason": reason,
    }


def _minutes(items: tuple[Item, ...], minutes: int) -> list[dict]:
    """Items of no time at all, and the item that takes the total past the session."""
    out, total = [], 0.0
    for index, item in enumerate(items):
        if item.minutes <= 0:
            out.append(_refusal(index, item, "minutes", "an item needs more than 0 minutes"))
        before, total = total, total + max(item.minutes, 0)
        if before <= minutes < total:
            reason = f"the items add up to {total:g} minutes; the session has {minutes}"
            out.append(_refusal(index, item, "minutes", reason))
    return out


def check(request: dict, items: list) -> list[dict]:
    """One refusal per broken rule, in item order; [] when every hard limit holds.

    Raises EngineError when the request or an item is malformed (unknown ids, a
    pressure that is not an integer); an item that breaks a limit is a refusal.
    """
    req = parse_request(request)
    parsed = parse_items(items)
    limits = limits_from(req)
    out = [
        _refusal(index, item, rule, reason)
        for index, item in enumerate(parsed)
        for rule, reason in refusals(req, limits, item.region, item.technique, item.pressure)
    ]
    out += _minutes(parsed, req.minutes)
    return sorted(out, key=lambda r: r["index"])
