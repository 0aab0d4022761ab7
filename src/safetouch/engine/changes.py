"""The plan read as a change to her last session: kept, lighter, deeper, new, dropped, switched.

A therapist who knows her reads these in five seconds. Each change says why, in claims
built from the history and the profile (explain.Claim), worded only at the end.
"""

from __future__ import annotations

from safetouch.engine import relief
from safetouch.engine.cautions import contraindicated
from safetouch.engine.evidence import main_items
from safetouch.engine.explain import Claim, history_claims, sentence, tightness_claim
from safetouch.engine.planner import Candidate, Context, Option
from safetouch.engine.rules import after_flare, banned, region_order
from safetouch.engine.validate import Item

SAME = 0.1  # estimates within 10% of each other count as "about the same"


def _more(a: float, b: float) -> int:
    if abs(a - b) <= SAME * max(abs(a), abs(b), 1e-9):
        return 0
    return 1 if a > b else -1


def _state(item: Item | Candidate) -> dict:
    return {"technique": item.technique, "pressure": item.pressure, "minutes": round(item.minutes)}


def _forced(ctx: Context, was: Item) -> list[Claim]:
    """Hard reasons the last session's item cannot be repeated as it was."""
    client, region, t = ctx.request.client, was.region, was.technique
    if region in client.avoid:
        return [Claim("avoided")]
    if client.tightness.get(region, 0) <= 0:
        return [Claim("not_tight")]
    if banned(ctx.request, region, t):
        return [Claim("banned", t)]
    if contraindicated(region, t):
        return [Claim("si_caution", t)]
    flag = ctx.limits.flags.get((region, t))
    if flag is not None:  # the lowest pressure ever flagged for this pair
        return [Claim("too_much", t, flag.pressure, date=flag.date, session=flag.session)]
    cap = client.max_pressure.get(region)
    if cap is not None and cap < was.pressure:
        return [Claim("capped", pressure=cap)]
    if after_flare(ctx.request):
        last = len(ctx.request.history) - 1
        return [Claim("after_flare", date=ctx.request.history[last].date, session=last)]
    return []


def _estimate(ctx: Context, region: str, technique: str, pressure: int, minutes: float):
    tightness = ctx.request.client.tightness.get(region, 0.0)
    gain = ctx.rates.relieved(region, tightness, relief.dose(technique, pressure, minutes))
    return gain, ctx.posterior.mean_hazard(region, technique, pressure, minutes)


def _compare(ctx: Context, was: Item, now: Candidate) -> Claim:
    """The planner's estimates for this item against last time's, for the same minutes."""
    gain, risk = _estimate(ctx, now.region, now.technique, now.pressure, now.minutes)
    old_gain, old_risk = _estimate(ctx, was.region, was.technique, was.pressure, now.minutes)
    return Claim(
        "compare",
        now.technique,
        now.pressure,
        count=_more(risk, old_risk),
        other=was.technique,
        other_pressure=was.pressure,
        value=_more(gain, old_gain),
    )


def _kind(was: Item, now: Candidate) -> str:
    if was.technique != now.technique:
        return "switched"
    if now.pressure == was.pressure:
        return "kept"
    return "deeper" if now.pressure > was.pressure else "lighter"


def _minutes(ctx: Context, was: Item, now: Candidate) -> list[Claim]:
    delta = now.minutes - round(was.minutes)
    if delta > 0:
        return [Claim("more_minutes", count=delta, value=tightness_claim(ctx, now.region).value)]
    return [Claim("fewer_minutes", count=-delta)] if delta < 0 else []


def _changed(ctx: Context, was: Item, now: Candidate) -> dict:
    kind = _kind(was, now)
    known = history_claims(ctx, now.region, now.technique, now.pressure)
    if kind == "kept":
        claims = known + _minutes(ctx, was, now)
    elif kind == "deeper":
        claims = [tightness_claim(ctx, now.region), *known]
    else:
        claims = (_forced(ctx, was) or [_compare(ctx, was, now)]) + known
    return {
        "region": now.region,
        "technique": now.technique,
        "change": kind,
        "from": _state(was),
        "to": _state(now),
        "reason": sentence(claims),
    }


def _dropped(ctx: Context, was: Item, options: list[Option]) -> dict:
    open_region = any(o.region == was.region for o in options)
    claims = _forced(ctx, was) or [Claim("left_out" if open_region else "no_room")]
    return {
        "region": was.region,
        "technique": was.technique,
        "change": "dropped",
        "from": _state(was),
        "reason": sentence(claims),
    }


def _new(ctx: Context, now: Candidate) -> dict:
    claims = [tightness_claim(ctx, now.region)]
    claims += history_claims(ctx, now.region, now.technique, now.pressure)
    return {
        "region": now.region,
        "technique": now.technique,
        "change": "new",
        "to": _state(now),
        "reason": sentence(claims),
    }


def _match(items: tuple[Item, ...], now: Candidate | None) -> Item:
    """The item of last session that the planned one continues: same technique, else longest."""
    same = [i for i in items if now is not None and i.technique == now.technique]
    return main_items(same or list(items))[items[0].region]


def changes(ctx: Context, chosen: list[Candidate], options: list[Option]) -> list[dict]:
    """The plan against the last session in the history, in body order."""
    planned = {c.region: c for c in chosen}
    last = ctx.evidence.last
    out = []
    for region in sorted(set(planned) | set(last), key=region_order):
        now, before = planned.get(region), last.get(region, ())
        if not before:
            out.append(_new(ctx, now))
            continue
        was = _match(before, now)
        out.append(_changed(ctx, was, now) if now else _dropped(ctx, was, options))
        out += _also_dropped(ctx, before, was, now, options)
    return out


def _also_dropped(ctx: Context, before, was: Item, now, options) -> list[dict]:
    """Another technique worked here last time (a warm-up, say) is dropped too."""
    others: dict[str, Item] = {}  # the longest item of each other technique
    for item in before:
        known = others.get(item.technique)
        if item.technique not in (was.technique, _tech(now)) and (
            known is None or item.minutes > known.minutes
        ):
            others[item.technique] = item
    if now is None:
        return [_dropped(ctx, i, options) for i in others.values()]
    reason = sentence([Claim("one_per_region", now.technique)])
    return [{**_dropped(ctx, i, options), "reason": reason} for i in others.values()]


def _tech(now: Candidate | None) -> str | None:
    return now.technique if now is not None else None
