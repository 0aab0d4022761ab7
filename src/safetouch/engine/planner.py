"""Choose the next session: most expected relief within the minutes, flare risk bounded.

A mixed 0/1 program solved by scipy.optimize.milp (HiGHS): pick at most one technique
and pressure per region and its minutes (relief is concave in minutes, so piecewise
linear segments are exact at the breaks); the minutes fit the session, the plan's flare
hazard at an upper credible bound stays under the client's tolerance, and at most one
uncertain item (a step into the unknown) per session so a flare can be traced to it.

Her routine (the last session she tolerated, evidence.py) is the starting point: moving
a routine region to another technique costs SWITCH_COST and leaving it out costs
DROP_COST, so a change is made only when its expected gain is clearly larger.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint

from safetouch.engine import relief, risk
from safetouch.engine.catalog import TECHNIQUES
from safetouch.engine.evidence import Evidence
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
# Continuity, in tightness points: what she tolerated is known to work for her, a change
# is a new trial with its own setbacks. A switch or a drop must gain more than this.
SWITCH_COST = 0.5
DROP_COST = 0.5


class Option(NamedTuple):
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
    rates: relief.Rates  # her relief rate multiplier, per region
    evidence: Evidence

    @cached_property
    def budget(self) -> float:
        """Total hazard allowed: P(flare) = 1 - exp(-hazard) <= risk_tolerance.

        Right after a flare the joints are irritable: the next session gets half.
        """
        share = AFTER_FLARE_SHARE if after_flare(self.request) else 1.0
        return -math.log1p(-self.request.client.risk_tolerance) * share

    @cached_property
    def allowed(self) -> list[tuple[str, str, int]]:
        """(region, technique, highest pressure) the hard limits leave open."""
        return allowed_pairs(self.request, self.limits)

    @cached_property
    def hazards(self) -> tuple[dict[tuple[str, int], int], np.ndarray, np.ndarray]:
        """Every (technique, pressure) in the catalog: its row, its effective pressure, and
        its expected hazard per minute at each threshold on risk.TAU (alike on every
        region, so worked out once per plan rather than once per region)."""
        combos = [
            (t, p)
            for t, tech in TECHNIQUES.items()
            for p in range(tech.pressure_min, tech.pressure_max + 1)
        ]
        p_eff = np.array([self.posterior.effective(t, p) for t, p in combos])
        grid = risk.hazard(p_eff[:, None], risk.TAU[None, :], 1.0, self.posterior.flag_max)
        return {c: k for k, c in enumerate(combos)}, p_eff, grid


def _region_options(ctx: Context, region: str, pairs: list[tuple[str, int]]) -> list[Option]:
    """Every allowed (technique, pressure) on one region, with rates per minute."""
    combos = [(t, p) for t, top in pairs for p in range(TECHNIQUES[t].pressure_min, top + 1)]
    index, p_effs, grid = ctx.hazards
    rows = [index[c] for c in combos]
    p_eff = p_effs[rows]
    mean = grid[rows] @ ctx.posterior.tau[risk.REGION_INDEX[region]]
    quantile = ctx.posterior.quantile(region, 1.0 - CREDIBLE)
    upper = risk.hazard(p_eff, quantile, 1.0, ctx.posterior.flag_max)
    tolerated = ctx.limits.tolerated.get(region, 0)
    step = UNCERTAIN_SHARE * ctx.budget / 10.0
    above_step = upper > step
    return [
        Option(
            region,
            t,
            p,
            relief.dose(t, p, 1.0),
            m,
            u,
            p > tolerated and above,
            p > max(tolerated, START_PRESSURE),
        )
        for (t, p), m, u, above in zip(combos, mean, upper, above_step, strict=True)
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
    for region, technique, top in ctx.allowed:
        by_region.setdefault(region, []).append((technique, top))
    out = []
    for region in sorted(by_region):
        options = _region_options(ctx, region, by_region[region])
        options = [o for o in options if o.upper_rate * MIN_MINUTES <= ctx.budget]
        usual = ctx.evidence.routine.get(region)
        # Her routine's technique stays on the menu even where another one edges it out:
        # the switching cost decides whether the edge is worth a change.
        kept = [o for o in options if usual is not None and o.technique == usual.technique]
        front = _pareto(options)
        out += front + [o for o in kept if o not in front]
    return out


def _relief(ctx: Context, option: Option, minutes: float) -> float:
    tightness = ctx.request.client.tightness[option.region]
    return ctx.rates.relieved(option.region, tightness, option.dose_rate * minutes)


def _segments(ctx: Context, options: list[Option]) -> tuple[np.ndarray, np.ndarray]:
    """Relief gained per minute in each segment between BREAKS (falling: concave)."""
    cuts = [b for b in BREAKS if b <= ctx.request.minutes] or [0]
    widths = np.diff(cuts)
    tightness = ctx.request.client.tightness
    multipliers = [ctx.rates.of(o.region) for o in options]
    # _relief at every cut, written out: a long menu asks for it hundreds of times.
    gains = np.array(
        [
            [tightness[o.region] * relief.share(o.dose_rate * b, m) for b in cuts]
            for o, m in zip(options, multipliers, strict=True)
        ]
    )
    return np.diff(gains, axis=1) / widths, widths


class _Program:
    """Variables: a 0/1 pick per option, then its minutes split into segments.

    Columns: picks 0..n-1, then option j's segment s at n + j * k + s.
    """

    def __init__(self, ctx: Context, options: list[Option]) -> None:
        self.slopes, self.widths = _segments(ctx, options)
        self.n, self.k = len(options), len(self.widths)
        self.blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.count = 0

    def minutes(self, j: int, seg: int) -> int:
        return self.n + j * self.k + seg

    def add(self, rows, cols, values, lower, upper) -> None:
        """Add constraint rows numbered from 0 within this block."""
        rows = np.asarray(rows)
        size = int(rows.max()) + 1
        self.blocks.append((rows + self.count, np.asarray(cols), np.asarray(values, float)))
        self.lower.append(np.broadcast_to(np.asarray(lower, float), size))
        self.upper.append(np.broadcast_to(np.asarray(upper, float), size))
        self.count += size

    def constraint(self) -> LinearConstraint:
        from scipy import sparse
        from scipy.optimize import LinearConstraint

        rows, cols, values = (np.concatenate(x) for x in zip(*self.blocks, strict=True))
        shape = (self.count, self.n * (1 + self.k))
        matrix = sparse.csr_array((values, (rows, cols)), shape=shape)
        return LinearConstraint(matrix, np.concatenate(self.lower), np.concatenate(self.upper))


def _build(ctx: Context, options: list[Option]) -> _Program:
    prog = _Program(ctx, options)
    n, k = prog.n, prog.k
    picks, segs = np.arange(n), prog.n + np.arange(n * k).reshape(n, k)
    link = np.arange(n * k)
    # Minutes only on a picked option, segment by segment (tighter than one big-M row)...
    prog.add(
        np.r_[link, link],
        np.r_[segs.ravel(), np.repeat(picks, k)],
        np.r_[np.ones(n * k), -np.tile(prog.widths, n)],
        -np.inf,
        0.0,
    )
    # ...and at least MIN_MINUTES of them.
    prog.add(
        np.r_[np.repeat(picks, k), picks],
        np.r_[segs.ravel(), picks],
        np.r_[np.ones(n * k), np.full(n, -float(MIN_MINUTES))],
        0.0,
        np.inf,
    )
    regions = sorted({o.region for o in options})
    region_row = np.array([regions.index(o.region) for o in options])
    prog.add(region_row, picks, np.ones(n), -np.inf, 1.0)
    prog.add(np.zeros(n * k, int), segs.ravel(), np.ones(n * k), -np.inf, ctx.request.minutes)
    rates = np.repeat([o.upper_rate / ctx.budget for o in options], k)
    prog.add(np.zeros(n * k, int), segs.ravel(), rates, -np.inf, 1.0)
    uncertain = np.array([o.uncertain for o in options], float)
    prog.add(np.zeros(n, int), picks, uncertain, -np.inf, 1.0)
    return prog


def continuity_cost(ctx: Context, option: Option, open_pairs: set[tuple[str, str]]) -> float:
    """What picking `option` costs against her routine (negative: a drop avoided).

    A switch costs only while her usual technique is still open on the region: when the
    hard limits close it, the change is forced and costs nothing extra.
    """
    usual = ctx.evidence.routine.get(option.region)
    if usual is None:
        return 0.0
    usual_open = (usual.region, usual.technique) in open_pairs
    switch = SWITCH_COST if usual_open and option.technique != usual.technique else 0.0
    return switch - DROP_COST


def _objective(prog: _Program, options: list[Option], ctx: Context) -> np.ndarray:
    cost = np.zeros(prog.n * (1 + prog.k))
    open_pairs = {(o.region, o.technique) for o in options}
    cost[: prog.n] = [continuity_cost(ctx, o, open_pairs) for o in options]
    # Relief is worth having only net of the flares it costs (expected utility).
    flares = FLARE_COST * np.array([o.mean_rate for o in options])
    cost[prog.n :] = (-prog.slopes + flares[:, None]).ravel()
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


def _widths(prog: _Program, options: list[Option]) -> np.ndarray:
    """Segment sizes, option after option; a first try at a new pressure is kept short,
    like a careful therapist."""
    first_try = np.minimum(
        prog.widths, np.maximum(0, TRY_MINUTES - np.r_[0, np.cumsum(prog.widths)[:-1]])
    )
    return np.concatenate([first_try if o.new else prog.widths for o in options])


def solve(ctx: Context, options: list[Option]) -> list[Candidate]:
    """The relief-maximizing plan; minutes are rounded down to whole minutes."""
    # scipy is imported on the first plan, not with the engine: it is most of the
    # engine's import time, which every process that starts Django would pay.
    from scipy.optimize import Bounds, milp

    if not options:
        return []
    prog = _build(ctx, options)
    integrality = np.r_[np.ones(prog.n), np.zeros(prog.n * prog.k)]
    upper = np.r_[np.ones(prog.n), _widths(prog, options)]
    with warnings.catch_warnings():
        # scipy passes options it does not list on to HiGHS, with a warning each time.
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
        result = milp(
            _objective(prog, options, ctx),
            constraints=prog.constraint(),
            integrality=integrality,
            bounds=Bounds(0, upper),
            options=HIGHS_OPTIONS,
        )
    if result.x is None:
        return []
    chosen = []
    for j in np.flatnonzero(result.x[: prog.n] > 0.5):
        minutes = math.floor(sum(result.x[prog.minutes(j, s)] for s in range(prog.k)) + 1e-6)
        if minutes >= MIN_MINUTES:
            chosen.append(_item(ctx, options[j], minutes))
    return chosen
