"""Hard limits no plan may break: avoid zones, caps, bans, flags, SI cautions, pressure steps.

These come before any model: the planner only ever sees items that pass them, and
`check` judges any other list of items by the same rule functions (HARD_RULES).
"""

from __future__ import annotations

from collections.abc import Callable
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


def step_limit(request: Request, limits: Limits, region: str) -> int:
    """One pressure step above the highest pressure the region tolerated (none after a flare)."""
    known = limits.tolerated.get(region, 0)
    if not known:
        return START_PRESSURE
    return known if after_flare(request) else known + 1


def when(date: str | None, session: int) -> str:
    return f"on {date}" if date else f"in session {session + 1}"


def too_much_reason(note: FlagNote, lighter_ok: bool) -> str:
    """The one wording of a flag: the plan, "Not in this plan" and the sheet all use it."""
    said = f"too much at pressure {note.pressure} {when(note.date, note.session)}"
    if lighter_ok:
        return f"{said}: she said lighter is OK, so below {note.pressure} only"
    return f"{said}: never again"


def si_reason(region: str, technique: str) -> str:
    if region.startswith("sacroiliac_joint"):
        return "never massaged: massage is for the muscles around the SI joint, not the joint"
    return f"SI caution: {TECHNIQUES[technique].si_caution}"


# Each rule: (request, limits, region, technique, pressure) -> why it is broken, or None.
Rule = Callable[[Request, Limits, str, str, int], str | None]


def _avoid(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    if region in request.client.avoid:
        return "never touch: on the client's avoid list"
    return None


def _banned(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    bans = [b for b in request.client.banned if b.technique == technique]
    if any(b.region is None for b in bans):
        return "banned by the client everywhere"
    if any(b.region == region for b in bans):
        return "banned by the client"
    return None


def banned(request: Request, region: str, technique: str) -> bool:
    """The client bans this technique here or everywhere (the `banned` rule, as a test)."""
    return _banned(request, Limits(), region, technique, 0) is not None


def _si_caution(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    return si_reason(region, technique) if contraindicated(region, technique) else None


def _max_pressure(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    cap = request.client.max_pressure.get(region)
    if cap is not None and pressure > cap:
        return f"pressure {pressure} is above the client's cap of {cap} here"
    return None


def _too_much(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    note = limits.flags.get((region, technique))
    if note is None:
        return None
    lighter = (region, technique) in request.client.lighter_ok
    if lighter and pressure < note.pressure:
        return None
    return too_much_reason(note, lighter)


def _technique_range(request: Request, limits: Limits, region: str, technique: str, pressure: int):
    tech = TECHNIQUES[technique]
    if tech.pressure_min <= pressure <= tech.pressure_max:
        return None
    return (
        f"{tech.name.lower()} is done at pressure {tech.pressure_min} to "
        f"{tech.pressure_max}, not {pressure}"
    )


# Rules that hold whatever the pressure, then rules about the pressure.
PAIR_RULES: tuple[tuple[str, Rule], ...] = (
    ("avoid", _avoid),
    ("banned", _banned),
    ("si_caution", _si_caution),
)
PRESSURE_RULES: tuple[tuple[str, Rule], ...] = (
    ("technique_range", _technique_range),
    ("max_pressure", _max_pressure),
    ("too_much", _too_much),
)
HARD_RULES = PAIR_RULES + PRESSURE_RULES


def refusals(
    request: Request, limits: Limits, region: str, technique: str, pressure: int
) -> list[tuple[str, str]]:
    """(rule, reason) for every hard rule the item breaks; [] when all hold."""
    out = []
    for name, rule in HARD_RULES:
        reason = rule(request, limits, region, technique, pressure)
        if reason is not None:
            out.append((name, reason))
    return out


def _breaks(rules, request, limits, region, technique, pressure) -> bool:
    # A plain loop, not any() over a generator: a plan asks this hundreds of times.
    for _, rule in rules:  # noqa: SIM110
        if rule(request, limits, region, technique, pressure):
            return True
    return False


def max_pressure(request: Request, limits: Limits, region: str, technique: str) -> int:
    """Highest pressure the hard rules allow for this pair, within one step of what the
    region tolerated; 0 when none is."""
    if _breaks(PAIR_RULES, request, limits, region, technique, 1):
        return 0
    tech = TECHNIQUES[technique]
    top = min(tech.pressure_max, step_limit(request, limits, region))
    for pressure in range(top, tech.pressure_min - 1, -1):
        if not _breaks(PRESSURE_RULES, request, limits, region, technique, pressure):
            return pressure
    return 0


def allowed_pairs(request: Request, limits: Limits) -> list[tuple[str, str, int]]:
    """(region, technique, highest pressure) for every tight region the rules leave open."""
    pairs = []
    for region, tightness in request.client.tightness.items():
        if tightness <= 0:
            continue
        for technique in TECHNIQUES:
            top = max_pressure(request, limits, region, technique)
            if top:
                pairs.append((region, technique, top))
    return pairs


def region_order(region: str) -> tuple:
    """Supine (front) regions first, then side-lying/back regions, head to toe, left first."""
    reg = REGIONS[region]
    return (reg.view == "back", HEAD_TO_TOE.index(reg.group), reg.side != "left")
