"""Choose the next session: most expected relief within the minutes, flare risk bounded.

A mixed 0/1 program solved by scipy.optimize.milp (HiGHS): pick at most one technique
and pressure per region and its minutes (relief is concave in minutes, so piecewise
linear segments are exact at the breaks); the minutes fit the session, the plan's flare
hazard at an upper credible bound stays under the client's tolerance, and at most one
uncertain item (a step into the unknown) per session so a flare can be traced to it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from safetouch.engine import relief, risk
from safetouch.engine.catalog import TECHNIQUES
from safetouch.engine.rules import START_PRESSURE, Limits, after_flare, allowed_pairs
from safetouch.engine.validate import Request

BREAKS = (0, 5, 10, 15, 20, 30)  # minutes on one region: relief is concave between these
MIN_MINUTES = 5  # shortest item worth doing
TRY_MINUTES = 10  # longest first try at a pressure a region has not had yet
FLARE_COST = 30.0  # a flare undoes about this many tightness points of relief (assumption)
NEAR = 0.03  # an option must loosen at least 3% more than a safer one to be worth a place
# Presolve makes HiGHS print to stdout mid-solve (it would corrupt the CLI's JSON); the
# feasibility-jump heuristic costs ~30 ms a call and gains nothing on programs this small;
# plans within 0.5% of the best expected relief are good enough.
HIGHS_OPTIONS = {
    "presolve": False,
    "mip_rel_gap": 0.005,
    "mip_heuristic_run_feasibility_jump": False,
}
CREDIBLE = 0.85  # the risk constraint uses the 85% upper credible bound of the hazard
AFTER_FLARE_SHARE = 0.5  # of the risk budget, for the session after a flare
UNCERTAIN_SHARE = 0.2  # 10 minutes of an item using this share of the budget is a new step


@dataclass(frozen=True)
class Option:
    """A (region, technique, pressure) the plan may use, with per-minute rates."""

    region: str
    technique: str
    pressure: int
    dose_rate: float  # relief dose per minute
    mean_rate: float  # expected flare hazard per minute
    upper_rate: float  # hazard per minute at the upper credible bound
    uncertain: bool
    new: bool  # above the highest pressure the region tolerated


@dataclass(frozen=True)
class Candidate:
    """A planned item: an option with its minutes."""

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
        """Total hazard allowed: P(flare) = 1 - exp(-hazard) <= risk_tolerance.

        Right after a flare the joints are irritable: the next session gets half.
        """
        share = AFTER_FLARE_SHARE if after_flare(self.request) else 1.0
        return -math.log1p(-self.request.client.risk_tolerance) * share


def _region_options(ctx: Context, region: str, pairs: list[tuple[str, int]]) -> list[Option]:
    """Every allowed (technique, pressure) on one region, with rates per minute."""
    combos = [(t, p) for t, top in pairs for p in range(TECHNIQUES[t].pressure_min, top + 1)]
    p_eff = np.array([risk.effective_pressure(t, p) for t, p in combos])
    mean = risk.hazard(p_eff[:, None], risk.TAU[None, :], 1.0)
    mean = mean @ ctx.posterior.tau[risk.REGION_INDEX[region]]
    upper = risk.hazard(p_eff, ctx.posterior.quantile(region, 1.0 - CREDIBLE), 1.0)
    tolerated = ctx.limits.tolerated.get(region, 0)
    step = UNCERTAIN_SHARE * ctx.budget / 10.0
    return [
        Option(
            region,
            t,
            p,
            relief.dose(t, p, 1.0),
            mean[k],
            upper[k],
            p > tolerated and upper[k] > step,
            p > max(tolerated, START_PRESSURE),
        )
        for k, (t, p) in enumerate(combos)
    ]


def _pareto(options: list[Option]) -> list[Option]:
    """Drop options another beats on both relief per minute and risk per minute."""
    kept, best = [], -1.0
    key = lambda o: (o.upper_rate, -o.dose_rate, o.technique, o.pressure)  # noqa: E731
    for o in sorted(options, key=key):
        if o.dose_rate > best * (1 + NEAR) + 1e-12:
            kept.append(o)
            best = o.dose_rate
    return kept


def candidates(ctx: Context) -> list[Option]:
    """The options worth considering, region by region, within the hard limits."""
    by_region: dict[str, list[tuple[str, int]]] = {}
    for region, technique, top in allowed_pairs(ctx.request, ctx.limits):
        by_region.setdefault(region, []).append((technique, top))
    out = []
    for region in sorted(by_region):
        options = _region_options(ctx, region, by_region[region])
        out += _pareto([o for o in options if o.upper_rate * MIN_MINUTES <= ctx.budget])
    return out


def _relief(ctx: Context, option: Option, minutes: float) -> float:
    tightness = ctx.request.client.tightness[option.region]
    return tightness * relief.share(option.dose_rate * minutes, ctx.multiplier)


def _segments(ctx: Context, options: list[Option]) -> tuple[np.ndarray, np.ndarray]:
    """Relief gained per minute in each segment between BREAKS (falling: concave)."""
    cuts = [b for b in BREAKS if b <= ctx.request.minutes] or [0]
    widths = np.diff(cuts)
    gains = np.array([[_relief(ctx, o, b) for b in cuts] for o in options])
    return np.diff(gains, axis=1) / widths, widths


class _Program:
    """Variables: a 0/1 pick per option, then its minutes split into segments."""

    def __init__(self, ctx: Context, options: list[Option]) -> None:
        self.slopes, self.widths = _segments(ctx, options)
        self.n, self.k = len(options), len(self.widths)
        self.rows: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def pick(self, j: int) -> int:
        return j

    def minutes(self, j: int, seg: int) -> int:
        return self.n + j * self.k + seg

    def add(self, coeffs: dict[int, float], lower: float, upper: float) -> None:
        row = np.zeros(self.n * (1 + self.k))
        for col, value in coeffs.items():
            row[col] += value
        self.rows.append(row)
        self.lower.append(lower)
        self.upper.append(upper)

    def all_minutes(self, j: int, weight: float = 1.0) -> dict[int, float]:
        return {self.minutes(j, s): weight for s in range(self.k)}


def _build(ctx: Context, options: list[Option]) -> _Program:
    prog = _Program(ctx, options)
    for j, _ in enumerate(options):
        # Minutes only on a picked option (segment by segment: a tighter relaxation than
        # one big-M row), and at least MIN_MINUTES of them.
        for s, width in enumerate(prog.widths):
            prog.add({prog.minutes(j, s): 1.0, prog.pick(j): -float(width)}, -np.inf, 0.0)
        prog.add({**prog.all_minutes(j), prog.pick(j): -float(MIN_MINUTES)}, 0.0, np.inf)
    for region in sorted({o.region for o in options}):
        picks = {prog.pick(j): 1.0 for j, o in enumerate(options) if o.region == region}
        prog.add(picks, -np.inf, 1.0)
    total = {c: 1.0 for j in range(prog.n) for c in prog.all_minutes(j)}
    prog.add(total, -np.inf, float(ctx.request.minutes))
    risk_row = {
        c: w
        for j, o in enumerate(options)
        for c, w in prog.all_minutes(j, o.upper_rate / ctx.budget).items()
    }
    prog.add(risk_row, -np.inf, 1.0)
    new = {prog.pick(j): 1.0 for j, o in enumerate(options) if o.uncertain}
    prog.add(new, -np.inf, 1.0)
    return prog


def _objective(prog: _Program, options: list[Option], ctx: Context) -> np.ndarray:
    cost = np.zeros(prog.n * (1 + prog.k))
    for j, o in enumerate(options):
        for s in range(prog.k):
            # Relief is worth having only net of the flares it costs (expected utility).
            cost[prog.minutes(j, s)] = -prog.slopes[j, s] + FLARE_COST * o.mean_rate
    return cost


def _item(ctx: Context, option: Option, minutes: int) -> Candidate:
    return Candidate(
        option.region,
        option.technique,
        option.pressure,
        minutes,
        _relief(ctx, option, minutes),
        option.mean_rate * minutes,
        option.upper_rate * minutes,
        option.uncertain,
    )


def _widths(prog: _Program, option: Option) -> np.ndarray:
    """Segment sizes; a first try at a new pressure is kept short, like a careful therapist."""
    if not option.new:
        return prog.widths
    return np.minimum(
        prog.widths, np.maximum(0, TRY_MINUTES - np.r_[0, np.cumsum(prog.widths)[:-1]])
    )


def solve(ctx: Context, options: list[Option]) -> list[Candidate]:
    """The relief-maximizing plan; minutes are rounded down to whole minutes."""
    if not options:
        return []
    prog = _build(ctx, options)
    integrality = np.r_[np.ones(prog.n), np.zeros(prog.n * prog.k)]
    upper = np.r_[np.ones(prog.n), np.concatenate([_widths(prog, o) for o in options])]
    with warnings.catch_warnings():
        # scipy passes options it does not list on to HiGHS, with a warning each time.
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
        result = milp(
            _objective(prog, options, ctx),
            constraints=LinearConstraint(np.array(prog.rows), prog.lower, prog.upper),
            integrality=integrality,
            bounds=Bounds(0, upper),
            options=HIGHS_OPTIONS,
        )
    if result.x is None:
        return []
    chosen = []
    for j, o in enumerate(options):
        minutes = math.floor(sum(result.x[prog.minutes(j, s)] for s in range(prog.k)) + 1e-6)
        if result.x[j] > 0.5 and minutes >= MIN_MINUTES:
            chosen.append(_item(ctx, o, minutes))
    return chosen
