"""Plain words for the therapist: why each item is in the plan, and what is left out."""

from __future__ import annotations

from dataclasses import dataclass

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.cautions import contraindicated
from safetouch.engine.evidence import Evidence
from safetouch.engine.planner import Candidate, Context
from safetouch.engine.risk import effective_pressure
from safetouch.engine.rules import region_order, si_reason, too_much_reason
from safetouch.engine.rules import when as _when


def _number(x: float) -> str:
    return f"{x:g}"


def _sessions(n: int) -> str:
    return "1 session" if n == 1 else f"{n} sessions"


def name(technique: str) -> str:
    """A technique as a therapist says it mid-sentence: "deep tissue"."""
    return TECHNIQUES[technique].name.lower()


@dataclass(frozen=True)
class Claim:
    """One statement about the history, the profile or the model, before it is worded.

    Claims are built from structured data and only then turned into words (`word`),
    so every "tolerated" names the technique and pressure its count is about.
    """

    kind: str
    technique: str | None = None
    pressure: int | None = None
    count: int | None = None
    other: str | None = None  # a second technique the claim compares with
    other_pressure: int | None = None
    value: float | None = None
    date: str | None = None
    session: int = 0


def _steps(n: int) -> str:
    return "one step" if n == 1 else f"{n} steps"


def _load(c: Claim) -> str:
    how = {-1: "less than", 0: "about as much as", 1: "more than"}[int(c.value or 0)]
    what, other = f"{name(c.technique)} at {c.pressure}", f"{name(c.other)} at {c.other_pressure}"
    return f"{what} loads the joint {how} {other}"


def _what(c: Claim) -> str:
    if c.technique == c.other:
        return f"pressure {c.pressure} instead of {c.other_pressure}"
    return f"{name(c.technique)} instead of {name(c.other)}"


_RELIEF = {1: "more", 0: "about the same", -1: "less"}
_RISK = {1: "a higher", 0: "about the same", -1: "a lower"}

WORDS = {
    "tightness": lambda c: f"tightness {_number(c.value)}",
    "tolerated": lambda c: (
        f"{name(c.technique)} at {c.pressure} tolerated in {_sessions(c.count)}"
    ),
    "step_up": lambda c: (
        f"{_steps(c.pressure - c.other_pressure)} up from {name(c.technique)} at "
        f"{c.other_pressure}, tolerated in {_sessions(c.count)}"
    ),
    "borrowed": lambda c: (
        f"{name(c.technique)} at {c.pressure} not tolerated here yet, but {name(c.other)} at "
        f"{c.other_pressure} was, in {_sessions(c.count)}"
    ),
    "load": _load,
    "flare": lambda c: (
        f"a flare followed {name(c.other)} at {c.other_pressure} {_when(c.date, c.session)}: "
        f"starting again at {c.pressure}"
    ),
    "untolerated": lambda c: f"no tolerated session here yet: starting at pressure {c.pressure}",
    "untried": lambda c: f"not worked before: starting light at pressure {c.pressure}",
    "flagged": lambda c: f"kept below pressure {c.pressure}: too much {_when(c.date, c.session)}",
    "cap": lambda c: f"at the client's cap of {c.pressure}",
    "new_step": lambda c: "the one new step this session, so any flare can be traced",
    # Words for `changes` (changes.py): why an item differs from last time.
    "more_minutes": lambda c: f"{c.count} more minutes for tightness {_number(c.value)}",
    "fewer_minutes": lambda c: f"{c.count} fewer minutes",
    "too_much": lambda c: (
        f"{name(c.technique)} was too much at {c.pressure} {_when(c.date, c.session)}"
    ),
    "banned": lambda c: f"{name(c.technique)} is banned by the client",
    "si_caution": lambda c: f"{name(c.technique)} is not used here: SI caution",
    "capped": lambda c: f"the client's cap here is {c.pressure}",
    "after_flare": lambda c: (
        f"a flare followed the last session {_when(c.date, c.session)}: only lighter or known work"
    ),
    "avoided": lambda c: "now on the client's never-touch list",
    "not_tight": lambda c: "no tightness reported here now",
    "no_room": lambda c: "flare risk too high here for her tolerance, even light and short",
    "left_out": lambda c: "the minutes and her flare limit do more on other regions",
    "compare": lambda c: (
        f"{_what(c)}: {_RELIEF[int(c.value)]} relief with {_RISK[c.count]} flare estimate"
    ),
    "one_per_region": lambda c: f"one technique per region: {name(c.technique)} this time",
}


def word(claim: Claim) -> str:
    return WORDS[claim.kind](claim)


def sentence(claims: list[Claim]) -> str:
    return "; ".join(word(c) for c in claims)


def _load_claim(technique: str, pressure: int, other: str, other_pressure: int) -> Claim:
    mine = effective_pressure(technique, pressure)
    theirs = effective_pressure(other, other_pressure)
    sign = 0 if abs(mine - theirs) < 0.05 else (1 if mine > theirs else -1)
    return Claim(
        "load", technique, pressure, other=other, other_pressure=other_pressure, value=sign
    )


def _same_technique(ev: Evidence, region: str, technique: str, pressure: int) -> list[Claim]:
    rows = [(p, n) for t, p, n in ev.on_region(region) if t == technique]
    if not rows:
        return []
    below = [(p, n) for p, n in rows if p < pressure]
    if below:  # the nearest pressure below: the step the plan takes from it
        p, n = max(below)
        return [Claim("step_up", technique, pressure, count=n, other_pressure=p)]
    p, n = min(rows)  # only deeper work of this technique was tolerated: name the nearest
    return [Claim("tolerated", technique, p, count=n)]


def history_claims(ctx: Context, region: str, technique: str, pressure: int) -> list[Claim]:
    """What the history says about doing `technique` at `pressure` on `region`."""
    ev = ctx.evidence
    n = ev.count(region, technique, pressure)
    if n:
        return [Claim("tolerated", technique, pressure, count=n)]
    same = _same_technique(ev, region, technique, pressure)
    if same:
        return same
    rows = ev.on_region(region)
    if rows:  # borrowed from another technique on this region, and said so
        t, p, n = rows[0]
        return [
            Claim("borrowed", technique, pressure, count=n, other=t, other_pressure=p),
            _load_claim(technique, pressure, t, p),
        ]
    if region in ev.flared:
        item, date, index = ev.flared[region]
        return [
            Claim(
                "flare",
                pressure=pressure,
                other=item.technique,
                other_pressure=item.pressure,
                date=date,
                session=index,
            )
        ]
    return [Claim("untolerated" if region in ev.worked else "untried", pressure=pressure)]


def limit_claims(ctx: Context, region: str, technique: str, pressure: int) -> list[Claim]:
    claims = []
    flag = ctx.limits.flags.get((region, technique))
    if flag is not None:
        note = Claim("flagged", technique, flag.pressure, date=flag.date, session=flag.session)
        claims.append(note)
    cap = ctx.request.client.max_pressure.get(region)
    if cap is not None and pressure == cap:
        claims.append(Claim("cap", pressure=cap))
    return claims


def tightness_claim(ctx: Context, region: str) -> Claim:
    return Claim("tightness", value=ctx.request.client.tightness.get(region, 0.0))


def item_claims(ctx: Context, c: Candidate) -> list[Claim]:
    claims = [tightness_claim(ctx, c.region)]
    claims += history_claims(ctx, c.region, c.technique, c.pressure)
    claims += limit_claims(ctx, c.region, c.technique, c.pressure)
    if c.uncertain:
        claims.append(Claim("new_step"))
    return claims


def why(ctx: Context, c: Candidate) -> str:
    return sentence(item_claims(ctx, c))


def _entry(region: str, technique: str | None, reason: str) -> dict:
    return {"region": region, "technique": technique, "reason": reason}


BANNED_EVERYWHERE = "banned by the client everywhere"


def _profile_exclusions(ctx: Context, tight: list[str]) -> list[dict]:
    client = ctx.request.client
    out = [_entry(r, None, "never touch: on the client's avoid list") for r in client.avoid]
    for ban in client.banned:
        if ban.region is not None:
            out.append(_entry(ban.region, ban.technique, "banned by the client"))
        else:
            out += [_entry(r, ban.technique, BANNED_EVERYWHERE) for r in tight]
    return out


def _flag_exclusions(ctx: Context) -> list[dict]:
    out = []
    for (region, technique), note in ctx.limits.flags.items():
        lighter = (region, technique) in ctx.request.client.lighter_ok
        out.append(_entry(region, technique, too_much_reason(note, lighter)))
    return out


def _caution_exclusions(tight: list[str]) -> list[dict]:
    out = []
    for region in tight:
        if region.startswith("sacroiliac_joint"):
            out.append(_entry(region, None, si_reason(region, "effleurage")))
            continue
        for tid in TECHNIQUES:
            if contraindicated(region, tid):
                out.append(_entry(region, tid, si_reason(region, tid)))
    return out


NOTHING_LEFT = "no technique left here: each is banned, too much or an SI caution"
NO_ROOM = "flare risk too high for this client's tolerance, even light and short"
LEFT_OUT = "left out this time: the minutes and her flare limit do more on other regions"
NOT_TIGHT = "no tightness reported here now"


def _region_exclusions(
    ctx: Context, tight: list[str], cands: list, chosen: list[Candidate]
) -> list[dict]:
    """Why each region she listed is not in the plan, when no profile rule says it.

    Every region in `client.tightness` that the plan leaves out gets a row with the
    technique empty: a therapist reads what was left out, not only what was refused.
    """
    open_pairs = {r for r, _, _ in ctx.allowed}
    open_regions = {c.region for c in cands}
    planned = {c.region for c in chosen}
    out = []
    for region in tight:
        if region in planned or region.startswith("sacroiliac_joint"):
            continue
        if region not in open_pairs:
            reason = NOTHING_LEFT
        elif region not in open_regions:
            reason = NO_ROOM
        else:
            reason = LEFT_OUT
        out.append(_entry(region, None, reason))
    client = ctx.request.client
    for region, value in client.tightness.items():
        if value <= 0 and region not in client.avoid:
            out.append(_entry(region, None, NOT_TIGHT))
    return out


def excluded(ctx: Context, cands: list, chosen: list[Candidate]) -> list[dict]:
    """Everything the engine will not do and why, in body order; every region she
    listed and the plan leaves out is among them."""
    client = ctx.request.client
    tight = sorted(
        (r for r, t in client.tightness.items() if t > 0 and r not in client.avoid),
        key=region_order,
    )
    out = _profile_exclusions(ctx, tight) + _flag_exclusions(ctx)
    out += _caution_exclusions(tight) + _region_exclusions(ctx, tight, cands, chosen)
    seen, unique = set(), []
    for e in sorted(out, key=lambda e: (region_order(e["region"]), e["technique"] or "")):
        key = (e["region"], e["technique"])
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


def grouped_exclusions(excluded: list[dict]) -> list[dict]:
    """The `excluded` rows for a person: one line per (technique, reason), not per region.

    `{"technique": "joint_mobilization", "reason": "banned by the client everywhere",
    "regions": [...], "everywhere": True}`, in the order the rows first appear. Every
    human-facing place (CLI, plan page, sheet, share link) words these the same way.
    """
    groups: dict[tuple[str | None, str], dict] = {}
    for row in excluded:
        key = (row.get("technique"), row["reason"])
        group = groups.setdefault(
            key,
            {
                "technique": key[0],
                "reason": key[1],
                "regions": [],
                "everywhere": key[1] == BANNED_EVERYWHERE,
            },
        )
        group["regions"].append(row["region"])
    return list(groups.values())


def exclusion_parts(group: dict) -> tuple[str, str, str]:
    """(technique, reason, where) of one grouped exclusion, as a person reads them."""
    technique = TECHNIQUES[group["technique"]].name if group["technique"] else "Any technique"
    names = ", ".join(REGIONS[r].name for r in group["regions"])
    return technique, group["reason"], "all regions" if group["everywhere"] else names


def exclusion_line(group: dict) -> str:
    """One grouped exclusion in words: "Joint mobilization: banned ... (all regions)"."""
    technique, reason, where = exclusion_parts(group)
    return f"{technique}: {reason} ({where})"


def _state_words(state: dict) -> str:
    return f"{name(state['technique'])} at {state['pressure']}, {state['minutes']} min"


def change_summary(change: dict) -> str:
    """What a change does, in a few words: "deep tissue at 4, 12 min → 15 min"."""
    was, now = change.get("from"), change.get("to")
    if was is None or now is None:
        return _state_words(was or now)
    if was["technique"] == now["technique"] and was["pressure"] == now["pressure"]:
        if was["minutes"] == now["minutes"]:
            return _state_words(now)
        return f"{_state_words(was)} → {now['minutes']} min"
    return f"{_state_words(was)} → {_state_words(now)}"
