"""Her record as the engine request (../shared/engine-contract.md): the one place that
turns a loaded record into the contract's `client` and `history`, and reads the engine's
own judgement of what she flagged too much."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safetouch.engine import check
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.records.types import CheckIn, Record, Session

# A focus zone she has never rated is still where she wants the work: assume middling
# tightness, so the planner weighs it without it outranking regions she rated high.
UNRATED_FOCUS_TIGHTNESS = 5
# A logged session's length is what happened, not a limit: items are judged as if the
# session had the contract's longest time, so only the body's limits are asked.
LOG_MINUTES = 180
ONE_DAY = dt.timedelta(days=1)


def item_dict(item: Any) -> dict:
    """The contract's item, {region, technique, pressure, minutes}, of anything that has
    those four (a logged item, a plan line, a planned row as a dict)."""
    if isinstance(item, dict):
        return {k: item[k] for k in ("region", "technique", "pressure", "minutes")}
    return {
        "region": item.region,
        "technique": item.technique,
        "pressure": item.pressure,
        "minutes": item.minutes,
    }


def flag_dict(item: Any) -> dict:
    """The contract's too-much flag, {region, technique, pressure}."""
    return {"region": item.region, "technique": item.technique, "pressure": item.pressure}


@dataclass(frozen=True)
class Reading:
    """Her current tightness of one region, and where the figure came from."""

    value: int
    source: str  # "check-in on Monday 30 Nov", "before the session on Monday 23 Nov"


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%b}"


def _checkin_days(record: Record) -> Iterator[tuple[dt.date, CheckIn]]:
    """Her check-ins, oldest first, each with the local day it was made on."""
    for checkin in record.checkins:
        yield timezone.localdate(checkin.at), checkin


def current_readings(record: Record, sessions: Iterable[Session] = ()) -> dict[str, Reading]:
    """Her tightness per region now: the newest of her check-ins and the ratings before
    `sessions` (oldest first; a session wins a tie with a check-in of the same day: its
    "before" rating is what the session faced). The day-after rating is tightness just
    relieved, which creeps back, so it is not used. Unrated focus zones count 5."""
    # region -> ((day, 0 for a check-in or 1 for a session), value); named at the end.
    newest: dict[str, tuple[tuple[dt.date, int], int]] = {}

    def note(region: str, key: tuple[dt.date, int], value: int) -> None:
        if region not in newest or key >= newest[region][0]:
            newest[region] = (key, value)

    for day, checkin in _checkin_days(record):
        for row in checkin.tightness:
            note(row.region, (day, 0), row.value)
    for session in sessions:
        for row in session.tightness:
            if row.before is not None:
                note(row.region, (session.date, 1), row.before)
    readings = {
        region: Reading(UNRATED_FOCUS_TIGHTNESS, "focus zone not rated yet")
        for region in record.focus
    }
    readings.update({region: _reading(key, value) for region, (key, value) in newest.items()})
    return {r: readings[r] for r in sorted(readings) if r not in record.avoided}


def _reading(key: tuple[dt.date, int], value: int) -> Reading:
    day, kind = key
    where = f"before the session on {_day(day)}" if kind else f"check-in on {_day(day)}"
    return Reading(value, where)


def with_source(why: str, reading: Reading | None) -> str:
    """The engine's reason with where its tightness figure came from:
    "tightness 6; ..." becomes "tightness 6, check-in on Monday 30 Nov; ..."."""
    if reading is None:
        return why
    figure = f"tightness {reading.value:g}"
    if not why.startswith(figure):
        return why
    return f"{figure}, {reading.source}{why[len(figure) :]}"


def history(record: Record, leave_out: int | None = None) -> tuple[Session, ...]:
    """Her sessions with items, oldest first, without the one with pk `leave_out`."""
    return tuple(s for s in record.worked_sessions if s.pk != leave_out or leave_out is None)


def day_after_checkins(record: Record) -> dict[dt.date, dict[str, int]]:
    """Her first check-in of each day, under the day before it: a check-in the day after
    a massage is how the massage left her (the contract's `tightness_after`). Keyed by
    the session's day, so no date is added to (a session may be dated 31 Dec 9999)."""
    first: dict[dt.date, dict[str, int]] = {}
    for day, checkin in _checkin_days(record):
        if day > dt.date.min:
            first.setdefault(day - ONE_DAY, {row.region: row.value for row in checkin.tightness})
    return first


def session_entry(session: Session, day_after: Mapping[str, int] | None = None) -> dict:
    """One session as the contract's `history[]` entry. `day_after`: her check-in of the
    next day; it rates, for each region the session worked, how the massage left her
    where the session's own day-after rating is missing (the session form's wins)."""
    entry: dict[str, Any] = {
        "date": session.date.isoformat(),
        "items": [item_dict(i) for i in session.items],
        "too_much": [flag_dict(i) for i in session.too_much],
    }
    if session.outcome is not None:  # not reported yet: no evidence either way
        entry["flare"] = session.outcome.flare
    before = {t.region: t.before for t in session.tightness if t.before is not None}
    worked = {i.region for i in session.items}
    after = {r: v for r, v in (day_after or {}).items() if r in worked}
    after.update({t.region: t.after for t in session.tightness if t.after is not None})
    if before:
        entry["tightness_before"] = before
    if after:
        entry["tightness_after"] = after
    return entry


def _ban(technique: str, region: str) -> dict:
    return {"technique": technique, "region": region} if region else {"technique": technique}


def profile_limits(record: Record) -> dict:
    """Her standing limits in the contract's `client` terms."""
    return {
        "avoid": sorted(record.avoided),
        "max_pressure": {z.region: z.pressure_cap for z in record.zones if z.pressure_cap},
        "banned": [_ban(b.technique, b.region) for b in record.banned],
        "lighter_ok": [{"region": p.region, "technique": p.technique} for p in record.lighter_ok],
    }


def engine_request(record: Record, minutes: int, *, leave_out: int | None = None) -> dict:
    """The engine request for her next session of `minutes` hands-on minutes; with
    `leave_out` (a session's pk), her history without that session."""
    sessions = history(record, leave_out)
    next_day = day_after_checkins(record) if sessions else {}
    return {
        "client": {
            **profile_limits(record),
            "tightness": {r: x.value for r, x in current_readings(record, sessions).items()},
            "risk_tolerance": record.client.risk_tolerance,
        },
        "history": [session_entry(s, next_day.get(s.date)) for s in sessions],
        "minutes": minutes,
    }


def flagged_pairs(record: Record) -> list[dict]:
    """Every (region, technique) she flagged too much, at the lowest pressure flagged,
    with the engine's words for it and whether she has said lighter is OK."""
    lighter = {(p.region, p.technique) for p in record.lighter_ok}
    probes = [
        {"region": region, "technique": technique, "pressure": pressure, "minutes": 1}
        for (region, technique), pressure in record.lowest_too_much.items()
    ]
    request = engine_request(record, LOG_MINUTES)
    words = {r["index"]: r["reason"] for r in check(request, probes) if r["rule"] == "too_much"}
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
        for index, item in enumerate(probes)
    ]
