"""Plain words for the therapist: why each item is in the plan, and what is left out."""

from __future__ import annotations

from safetouch.engine.catalog import TECHNIQUES
from safetouch.engine.cautions import contraindicated
from safetouch.engine.planner import Candidate, Context
from safetouch.engine.rules import region_order, si_reason, too_much_reason
from safetouch.engine.rules import when as _when


def _number(x: float) -> str:
    return f"{x:g}"


def _sessions(n: int) -> str:
    return "1 session" if n == 1 else f"{n} sessions"


def _history_words(ctx: Context, c: Candidate) -> str:
    limits = ctx.limits
    done = sum(
        n for (r, p), n in limits.tolerated_count.items() if r == c.region and p >= c.pressure
    )
    if done:
        return f"pressure {c.pressure} tolerated in {_sessions(done)}"
    best = limits.tolerated.get(c.region, 0)
    if best:
        n = limits.tolerated_count[(c.region, best)]
        return f"one step up from pressure {best}, tolerated in {_sessions(n)}"
    flare = limits.flared.get(c.region)
    if flare is not None:
        when = _when(flare.date, flare.session)
        return f"a flare followed pressure {flare.pressure} {when}: starting again at {c.pressure}"
    return f"not worked before: starting light at pressure {c.pressure}"


def _limit_words(ctx: Context, c: Candidate) -> list[str]:
    words = []
    flag = ctx.limits.flags.get((c.region, c.technique))
    if flag is not None:
        when = _when(flag.date, flag.session)
        words.append(f"kept below pressure {flag.pressure}: too much {when}")
    cap = ctx.request.client.max_pressure.get(c.region)
    if cap is not None and c.pressure == cap:
        words.append(f"at the client's cap of {cap}")
    return words


def why(ctx: Context, c: Candidate) -> str:
    tightness = _number(ctx.request.client.tightness[c.region])
    parts = [f"tightness {tightness}", _history_words(ctx, c), *_limit_words(ctx, c)]
    if c.uncertain:
        parts.append("the one new step this session, so any flare can be traced")
    return "; ".join(parts)


def _entry(region: str, technique: str | None, reason: str) -> dict:
    return {"region": region, "technique": technique, "reason": reason}


def _profile_exclusions(ctx: Context, tight: list[str]) -> list[dict]:
    client = ctx.request.client
    out = [_entry(r, None, "never touch: on the client's avoid list") for r in client.avoid]
    for ban in client.banned:
        if ban.region is not None:
            out.append(_entry(ban.region, ban.technique, "banned by the client"))
        else:
            out += [_entry(r, ban.technique, "banned by the client everywhere") for r in tight]
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


def _risk_exclusions(ctx: Context, tight: list[str], cands: list[Candidate]) -> list[dict]:
    open_regions = {c.region for c in cands}
    reason = "flare risk too high for this client's tolerance, even light and short"
    return [_entry(r, None, reason) for r in tight if r not in open_regions]


def excluded(ctx: Context, cands: list[Candidate]) -> list[dict]:
    """Everything the engine will not do and why, in body order."""
    client = ctx.request.client
    tight = sorted(
        (r for r, t in client.tightness.items() if t > 0 and r not in client.avoid),
        key=region_order,
    )
    out = _profile_exclusions(ctx, tight) + _flag_exclusions(ctx)
    out += _caution_exclusions(tight) + _risk_exclusions(ctx, tight, cands)
    seen, unique = set(), []
    for e in sorted(out, key=lambda e: (region_order(e["region"]), e["technique"] or "")):
        key = (e["region"], e["technique"])
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique
