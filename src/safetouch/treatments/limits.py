"""Her limits as the engine judges them: her records as an engine request, and
`engine.check` asked about items, the one judge of hard limits for every page and
endpoint that stores or shows items (../shared/engine-contract.md, version 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from safetouch.engine import check
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.records.models import (
    CheckIn,
    ClientProfile,
    MassageSession,
    SessionItem,
    Tightness,
    ZoneRule,
)

# A focus zone she has never rated is still where she wants the work: assume middling
# tightness, so the planner weighs it without it outranking regions she rated high.
UNRATED_FOCUS_TIGHTNESS = 5
# A logged session's length is what happened, not a limit: items are judged as if the
# session had the contract's longest time, so only the body's limits are asked.
LOG_MINUTES = 180

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


def _history(client: ClientProfile, leave_out: MassageSession | None = None):
    sessions = MassageSession.objects.for_client(client)
    if leave_out is not None and leave_out.pk:
        sessions = sessions.exclude(pk=leave_out.pk)
    return (
        sessions.select_related("outcome")
        .prefetch_related(
            Prefetch("items", queryset=SessionItem.objects.order_by("id")),
            Prefetch("tightness", queryset=Tightness.objects.order_by("region")),
        )
        .order_by("date", "id")
    )


@dataclass(frozen=True)
class Reading:
    """Her current tightness of one region, and where the figure came from."""

    value: int
    source: str  # "check-in on Monday 30 Nov", "before the session on Monday 23 Nov"


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%b}"


def current_readings(client: ClientProfile, sessions: list[MassageSession]) -> dict[str, Reading]:
    """Her tightness per region now: the newest of her check-ins and the ratings before
    her sessions (a session wins a tie with a check-in of the same day: its "before"
    rating is what the session faced). The day-after rating is tightness just relieved,
    which creeps back, so it is not used. Unrated focus zones count 5."""
    avoided = set(client.zones.avoided().values_list("region", flat=True))
    newest: dict[str, tuple[tuple[dt.date, int], Reading]] = {}

    def note(region: str, key: tuple[dt.date, int], reading: Reading) -> None:
        if region not in newest or key >= newest[region][0]:
            newest[region] = (key, reading)

    checkins = CheckIn.objects.for_client(client).prefetch_related("tightness")
    for checkin in checkins.order_by("at", "id"):
        day = timezone.localdate(checkin.at)
        for row in checkin.tightness.all():
            note(row.region, (day, 0), Reading(row.value, f"check-in on {_day(day)}"))
    for session in sessions:  # oldest first
        for row in session.tightness.all():
            if row.before is not None:
                source = f"before the session on {_day(session.date)}"
                note(row.region, (session.date, 1), Reading(row.before, source))
    readings = {
        zone.region: Reading(UNRATED_FOCUS_TIGHTNESS, "focus zone not rated yet")
        for zone in client.zones.all()
        if zone.rule == ZoneRule.Rule.FOCUS
    }
    readings.update({region: reading for region, (_, reading) in newest.items()})
    return {r: readings[r] for r in sorted(readings) if r not in avoided}


def current_tightness(client: ClientProfile, sessions: list[MassageSession]) -> dict[str, int]:
    """Tightness per region as the engine gets it (see `current_readings`)."""
    return {r: reading.value for r, reading in current_readings(client, sessions).items()}


def with_source(why: str, reading: Reading | None) -> str:
    """The engine's reason with where its tightness figure came from:
    "tightness 6; ..." becomes "tightness 6, check-in on Monday 30 Nov; ..."."""
    if reading is None:
        return why
    figure = f"tightness {reading.value:g}"
    if not why.startswith(figure):
        return why
    return f"{figure}, {reading.source}{why[len(figure) :]}"


def worked_sessions(
    client: ClientProfile, leave_out: MassageSession | None = None
) -> list[MassageSession]:
    """Her sessions with items, oldest first: the history the engine reads."""
    return [s for s in _history(client, leave_out) if s.items.all()]


def _session_entry(session: MassageSession) -> dict:
    items = list(session.items.all())
    entry = {
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
    }
    outcome = getattr(session, "outcome", None)
    if outcome is not None:  # not reported yet: leave it out, it is no evidence either way
        entry["flare"] = outcome.flare
    readings = list(session.tightness.all())
    before = {t.region: t.before for t in readings if t.before is not None}
    after = {t.region: t.after for t in readings if t.after is not None}
    if before:
        entry["tightness_before"] = before
    if after:
        entry["tightness_after"] = after
    return entry


def _ban(technique: str, region: str) -> dict:
    return {"technique": technique, "region": region} if region else {"technique": technique}


def _profile_limits(client: ClientProfile) -> dict:
    zones = sorted(client.zones.all(), key=lambda z: z.region)
    bans = sorted(client.banned.values_list("technique", "region"))
    lighter = client.lighter_ok.order_by("region", "technique").values_list("region", "technique")
    return {
        "avoid": [z.region for z in zones if z.rule == ZoneRule.Rule.AVOID],
        "max_pressure": {z.region: z.pressure_cap for z in zones if z.pressure_cap},
        "banned": [_ban(t, r) for t, r in bans],
        "lighter_ok": [{"region": r, "technique": t} for r, t in lighter],
    }


def engine_request(
    client: ClientProfile,
    minutes: int,
    *,
    leave_out: MassageSession | None = None,
    history=None,
) -> dict:
    """The engine request for her next session of `minutes` hands-on minutes; with
    `leave_out`, her history without that session (to judge what was logged in it).

    `history`: her sessions oldest first with their items, tightness and outcome,
    when the caller has them loaded already (the FHIR export); else they are read here.
    """
    if history is None:
        sessions = worked_sessions(client, leave_out)
    else:
        sessions = [s for s in history if s.items.all()]
    return {
        "client": {
            **_profile_limits(client),
            "tightness": current_tightness(client, sessions),
            "risk_tolerance": client.risk_tolerance,
        },
        "history": [_session_entry(s) for s in sessions],
        "minutes": minutes,
    }


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
    client: ClientProfile, items: list[dict], *, session: MassageSession | None = None
) -> list[list[dict]]:
    """For each item about to be logged, what engine.check refuses in it (judged against
    her history without `session`); [] per item that keeps her limits."""
    request = engine_request(client, LOG_MINUTES, leave_out=session)
    judged = [_judged(item) for item in items]
    per_item: list[list[dict]] = [[] for _ in items]
    for refusal in check(request, judged):
        if refusal["rule"] != "minutes":
            per_item[refusal["index"]].append(
                {"rule": refusal["rule"], "reason": refusal_words(refusal)}
            )
    return per_item


def _judged(item: dict) -> dict:
    return {k: item[k] for k in ("region", "technique", "pressure", "minutes")}


def flagged_pairs(client: ClientProfile) -> list[dict]:
    """Every (region, technique) she flagged too much, with the engine's words for it and
    whether she has said lighter is OK; for her limits page and the hand-off sheet."""
    request = engine_request(client, LOG_MINUTES)
    lowest: dict[tuple[str, str], int] = {}
    for flag in (f for s in request["history"] for f in s["too_much"]):
        key = (flag["region"], flag["technique"])
        lowest[key] = min(lowest.get(key, 5), flag["pressure"])
    lighter = {(p["region"], p["technique"]) for p in request["client"]["lighter_ok"]}
    items = [_probe(region, technique, p) for (region, technique), p in sorted(lowest.items())]
    words = {r["index"]: r["reason"] for r in check(request, items) if r["rule"] == "too_much"}
    return [
        {
            "region": item["region"],
            "technique": item["technique"],
            "region_name": REGIONS[item["region"]].name,
            "technique_name": TECHNIQUES[item["technique"]].name,
            "pressure": item["pressure"],
            "reason": words.get(index, ""),
            "lighter_ok": (item["region"], item["technique"]) in lighter,
        }
        for index, item in enumerate(items)
    ]


def _probe(region: str, technique: str, pressure: int) -> dict:
    return {"region": region, "technique": technique, "pressure": pressure, "minutes": 1}
