"""Her limits as the engine judges them: her records as an engine request, and
`engine.check` asked about items, the one judge of hard limits for every page and
endpoint that stores or shows items (../shared/engine-contract.md, version 2).
The request itself is built from her loaded record (safetouch.records.engine_request).
"""

from __future__ import annotations

from safetouch.engine import check
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.records.engine_request import LOG_MINUTES, item_dict
from safetouch.records.engine_request import engine_request as records_request
from safetouch.records.engine_request import flagged_pairs as records_flagged_pairs
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile, MassageSession
from safetouch.records.types import Record

__all__ = ["LOG_MINUTES", "RULE_NAMES", "engine_request", "flagged_pairs", "log_refusals"]

# How each of the engine's rule names reads to her and her therapist.
RULE_NAMES = {
    "avoid": "Never touch",
    "max_pressure": "Pressure cap",
    "banned": "Banned technique",
    "too_much": "Too much before",
    "si_caution": "SI caution",
    "technique_range": "The technique's pressure range",
    "minutes": "Session length",
}


def engine_request(
    client: ClientProfile,
    minutes: int,
    *,
    leave_out: MassageSession | None = None,
    record: Record | None = None,
) -> dict:
    """The engine request for her next session of `minutes` hands-on minutes; with
    `leave_out`, her history without that session (to judge what was logged in it).
    `record`: her record, when the caller has loaded it already."""
    record = record or load_record(client)
    return records_request(record, minutes, leave_out=leave_out.pk if leave_out else None)


def refusal_words(refusal: dict) -> str:
    """A refusal in words naming the rule, e.g. "SI caution: left gluteal, trigger point
    at pressure 4: not on the glutes ..."."""
    rule = RULE_NAMES[refusal["rule"]]
    what = (
        f"{REGIONS[refusal['region']].name}, {TECHNIQUES[refusal['technique']].name.lower()} "
        f"at pressure {refusal['pressure']}"
    )
    reason = refusal["reason"]
    if reason.lower().startswith(rule.lower() + ": "):
        reason = reason[len(rule) + 2 :]
    return f"{rule}: {what}: {reason}"


def log_refusals(
    client: ClientProfile,
    items: list[dict],
    *,
    session: MassageSession | None = None,
    record: Record | None = None,
) -> list[list[dict]]:
    """For each item about to be logged, what engine.check refuses in it (judged against
    her history without `session`); [] per item that keeps her limits. `record`: her
    record, when the caller has loaded it already."""
    request = engine_request(client, LOG_MINUTES, leave_out=session, record=record)
    per_item: list[list[dict]] = [[] for _ in items]
    for refusal in check(request, [item_dict(item) for item in items]):
        if refusal["rule"] != "minutes":
            per_item[refusal["index"]].append(
                {"rule": refusal["rule"], "reason": refusal_words(refusal)}
            )
    return per_item


def flagged_pairs(client: ClientProfile, *, record: Record | None = None) -> list[dict]:
    """Every (region, technique) she flagged too much, with the engine's words for it and
    whether she has said lighter is OK; for her limits page and the hand-off sheet."""
    return records_flagged_pairs(record or load_record(client))
