"""The planning engine: pure Python, no Django, no database, no clock.

`recommend(request) -> response` proposes a plan and `check(request, items) -> refusals`
judges any items by the same hard limits (../shared/engine-contract.md);
`fit_population(requests) -> population` learns what a practice has in common, for
requests to carry as `population`.
"""

from __future__ import annotations

import math

from safetouch.engine import changes, evidence, explain, planner, population
from safetouch.engine.check import check
from safetouch.engine.errors import EngineError
from safetouch.engine.explain import (
    change_summary,
    exclusion_line,
    exclusion_parts,
    grouped_exclusions,
)
from safetouch.engine.population import default_population, fit_population
from safetouch.engine.rules import limits_from, region_order
from safetouch.engine.validate import parse_request

__all__ = [
    "EngineError",
    "check",
    "change_summary",
    "default_population",
    "exclusion_line",
    "exclusion_parts",
    "fit_population",
    "grouped_exclusions",
    "recommend",
]


def _context(request: dict) -> planner.Context:
    req = parse_request(request)
    return planner.Context(
        request=req,
        limits=limits_from(req),
        posterior=population.risk_posterior(req),
        rates=population.relief_rates(req),
        evidence=evidence.gather(req.history),
    )


def _item(ctx: planner.Context, c: planner.Candidate) -> dict:
    return {
        "region": c.region,
        "technique": c.technique,
        "pressure": c.pressure,
        "minutes": c.minutes,
        "why": explain.why(ctx, c),
    }


def recommend(request: dict) -> dict:
    """Propose the next session for `request`; raises EngineError on a bad request."""
    ctx = _context(request)
    cands = planner.candidates(ctx)
    chosen = sorted(planner.solve(ctx, cands), key=lambda c: region_order(c.region))
    hazard = sum(c.hazard_mean for c in chosen)
    response = {
        "items": [_item(ctx, c) for c in chosen],
        "excluded": explain.excluded(ctx, cands, chosen),
        "flare_risk": round(-math.expm1(-hazard), 4),
        "expected_relief": round(sum(c.relief for c in chosen), 2),
    }
    if ctx.request.history:
        response["changes"] = changes.changes(ctx, chosen, cands)
    return response
