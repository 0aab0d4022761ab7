"""Choose the next session: most expected relief within the minutes, flare risk bounded.

A 0/1 program solved by scipy.optimize.milp (HiGHS): at most one item per region, the
minutes add up to the session, the plan's flare hazard at an upper credible bound stays
under the client's tolerance, and at most one uncertain item (a step into the unknown)
per session so that a flare can be traced back to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from safetouch.engine import relief, risk
from safetouch.engine.catalog import TECHNIQUES
from safetouch.engine.rules import Limits, allowed_pairs
from safetouch.engine.validate import Request

MINUTE_OPTIONS = (5, 10, 15, 20, 25, 30)
CREDIBLE = 0.9  # the risk constraint uses the 90% upper credible bound of the hazard
UNCERTAIN_SHARE = 0.2  # an item using this share of the risk budget is a step into the unknown


@dataclass(frozen=True)
class Candidate:
    region: str
    technique: str
    pressure: int
    minutes: int
    relief: float
    hazard_mean: float
    hazard_upper: float
    uncertain: bool


@dataclass(frozen=True)
class Context:
    request: Request
    limits: Limits
    posterior: risk.Posterior
    multiplier: float

    @property
    def budget(self) -> float:
        """Total hazard allowed: P(flare) = 1 - exp(-hazard) <= risk_tolerance."""
        return -math.log1p(-self.request.client.risk_tolerance)


def _candidate(ctx: Context, region: str, technique: str, pressure: int, minutes: int):
    tightness = ctx.request.client.tightness[region]
    gain = tightness * relief.share(relief.dose(technique, pressure, minutes), ctx.multiplier)
    p_eff = risk.effective_pressure(technique, pressure)
    low_tau = ctx.posterior.quantile(region, 1.0 - CREDIBLE)
    upper = float(risk.hazard(p_eff, low_tau, minutes))
    new = pressure > ctx.limits.tolerated.get(region, 0)
    return Candidate(
        region,
        technique,
        pressure,
        minutes,
        gain,
        ctx.posterior.mean_hazard(region, technique, pressure, minutes),
        upper,
        new and upper > UNCERTAIN_SHARE * ctx.budget,
    )


def _pareto(cands: list[Candidate]) -> list[Candidate]:
    """Drop items another item beats on both relief and risk (same region and minutes)."""
    kept, best = [], -1.0
    for c in sorted(cands, key=lambda c: (c.hazard_upper, -c.relief, c.technique, c.pressure)):
        if c.relief > best + 1e-9:
            kept.append(c)
            best = c.relief
    return kept


def candidates(ctx: Context) -> list[Candidate]:
    groups: dict[tuple[str, int], list[Candidate]] = {}
    options = [m for m in MINUTE_OPTIONS if m <= ctx.request.minutes]
    for region, technique, top in allowed_pairs(ctx.request, ctx.limits):
        for pressure in range(TECHNIQUES[technique].pressure_min, top + 1):
            for minutes in options:
                c = _candidate(ctx, region, technique, pressure, minutes)
                if c.hazard_upper <= ctx.budget:
                    groups.setdefault((region, minutes), []).append(c)
    return [c for key in sorted(groups) for c in _pareto(groups[key])]


def _constraints(ctx: Context, cands: list[Candidate]) -> LinearConstraint:
    regions = sorted({c.region for c in cands})
    rows = [[1.0 if c.region == r else 0.0 for c in cands] for r in regions]
    rows.append([float(c.minutes) for c in cands])
    rows.append([c.hazard_upper for c in cands])
    rows.append([1.0 if c.uncertain else 0.0 for c in cands])
    upper = [1.0] * len(regions) + [ctx.request.minutes, ctx.budget, 1.0]
    return LinearConstraint(np.array(rows), -np.inf, np.array(upper))


def solve(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """The relief-maximizing subset; ties go to fewer minutes, then lower risk."""
    if not cands:
        return []
    cost = np.array([-c.relief + 1e-4 * c.minutes + 1e-2 * c.hazard_upper for c in cands])
    result = milp(
        cost,
        constraints=_constraints(ctx, cands),
        integrality=np.ones(len(cands)),
        bounds=Bounds(0, 1),
    )
    if result.x is None:
        return []
    return [c for c, x in zip(cands, result.x, strict=True) if x > 0.5]
