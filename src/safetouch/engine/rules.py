"""Hard limits no plan may break: avoid zones, caps, bans, flags, SI cautions, pressure steps.

These come before any model: the planner only ever sees items that pass them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.cautions import HEAD_TO_TOE, contraindicated
from safetouch.engine.evidence import tolerated_items
from safetouch.engine.validate import Request, Session

START_PRESSURE = 2  # heavy lotioning: the first pressure on a region never worked


@dataclass(frozen=True)
class FlagNote:
    pressure: int
    date: str | None
    session: int


@dataclass
class Limits:
    """What the history and profile allow, region by region."""

    flags: dict[tuple[str, str], FlagNote] = field(default_factory=dict)
    tolerated: dict[str, int] = field(default_factory=dict)  # highest pressure without trouble
    tolerated_count: dict[tuple[str, int], int] = field(default_factory=dict)
    flared: dict[str, FlagNote] = field(default_factory=dict)  # last flare after work here


def banned(request: Request, region: str, technique: str) -> bool:
    return any(
        b.technique == technique and b.region in (None, region) for b in request.client.banned
    )


def _note_flags(limits: Limits, index: int, session: Session) -> None:
    for flag in session.too_much:
        key = (flag.region, flag.technique)
        known = limits.flags.get(key)
        if known is None or flag.pressure <= known.pressure:
            limits.flags[key] = FlagNote(flag.pressure, session.date, index)


def _note_flare(limits: Limits, index: int, session: Session) -> None:
    if session.flare is True:
        for item in session.items:
            limits.flared[item.region] = FlagNote(item.pressure, session.date, index)


def _note_tolerated(limits: Limits, session: Session) -> None:
    for item in tolerated_items(session):
        best = limits.tolerated.get(item.region, 0)
        limits.tolerated[item.region] = max(best, item.pressure)
        key = (item.region, item.pressure)
        limits.tolerated_count[key] = limits.tolerated_count.get(key, 0) + 1


def limits_from(request: Request) -> Limits:
    limits = Limits()
    for index, session in enumerate(request.history):
        _note_flags(limits, index, session)
        _note_flare(limits, index, session)
        _note_tolerated(limits, session)
    return limits


def after_flare(request: Request) -> bool:
    """The last session flared: the next one only repeats what is known and goes lighter."""
    return bool(request.history) and request.history[-1].flare is True


def step_limit(request: Request, limits: Limits, region: str, stride: int = 1) -> int:
    """`stride` pressure steps (one unless the planner explores on purpose) above the
    highest pressure the region tolerated; none after a flare."""
    known = limits.tolerated.get(region, 0)
    if not known:
        return START_PRESSURE
    return known if after_flare(request) else known + stride


def max_pressure(
    request: Request, limits: Limits, region: str, technique: str, stride: int = 1
) -> int:
    """Highest pressure allowed for this pair, 0 when none is (hard rules only)."""
    tech = TECHNIQUES[technique]
    cap = min(tech.pressure_max, request.client.max_pressure.get(region, 5))
    cap = min(cap, step_limit(request, limits, region, stride))
    flag = limits.flags.get((region, technique))
    if flag is not None:
        cap = min(cap, flag.pressure - 1)
    return cap if cap >= tech.pressure_min else 0


def allowed_pairs(
    request: Request, limits: Limits, strides: dict[str, int] | None = None
) -> list[tuple[str, str, int]]:
    """(region, technique, highest pressure) for every tight region the rules leave open;
    `strides`: regions where the planner may go more than one step up."""
    pairs = []
    for region, tightness in request.client.tightness.items():
        if tightness <= 0 or region in request.client.avoid:
            continue
        for technique in TECHNIQUES:
            if banned(request, region, technique) or contraindicated(region, technique):
                continue
            top = max_pressure(request, limits, region, technique, (strides or {}).get(region, 1))
            if top:
                pairs.append((region, technique, top))
    return pairs


def region_order(region: str) -> tuple:
    """Supine (front) regions first, then side-lying/back regions, head to toe, left first."""
    reg = REGIONS[region]
    return (reg.view == "back", HEAD_TO_TOE.index(reg.group), reg.side != "left")
