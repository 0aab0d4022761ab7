"""The ways of planning a session compared in the benchmark, from generic to the oracle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from bench.virtual import Client, allowed, item_hazard, relief_share
from safetouch.engine import recommend
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.relief import dose

# The same deep full-body hour for everyone: (region, technique, pressure, minutes).
GENERIC = [
    ("neck", "petrissage", 3, 3),
    ("shoulder_left", "petrissage", 4, 2),
    ("shoulder_right", "petrissage", 4, 2),
    ("upper_back", "deep_tissue", 4, 8),
    ("lower_back", "deep_tissue", 4, 5),
    ("gluteal_left", "deep_tissue", 4, 3),
    ("gluteal_right", "deep_tissue", 4, 3),
    ("hamstring_left", "deep_tissue", 4, 4),
    ("hamstring_right", "deep_tissue", 4, 4),
    ("calf_left", "deep_tissue", 4, 4),
    ("calf_right", "deep_tissue", 4, 4),
    ("quadriceps_left", "petrissage", 4, 3),
    ("quadriceps_right", "petrissage", 4, 3),
    ("adductor_left", "petrissage", 4, 1),
    ("adductor_right", "petrissage", 4, 1),
    ("biceps_left", "petrissage", 4, 2),
    ("biceps_right", "petrissage", 4, 2),
    ("forearm_left", "petrissage", 3, 1),
    ("forearm_right", "petrissage", 3, 1),
    ("foot_left", "petrissage", 3, 1),
    ("foot_right", "petrissage", 3, 1),
]


def _items(rows) -> list[dict]:
    keys = ("region", "technique", "pressure", "minutes")
    return [dict(zip(keys, row, strict=True)) for row in rows]


class Policy:
    name = "policy"

    def plan(self, client: Client, tightness: dict, history: list[dict], minutes: int) -> list:
        raise NotImplementedError

    def learn(self, items: list[dict], flags: list[dict], flare: bool) -> None:
        """Called after each session with what happened."""


class Generic(Policy):
    name = "generic deep hour"

    def plan(self, client, tightness, history, minutes):
        return _items(GENERIC)


class TrialAndError(Policy):
    """The generic hour minus avoid zones; drop what was flagged; after a flare, a guess."""

    name = "trial and error"

    def __init__(self) -> None:
        self.dropped: set[tuple[str, str]] = set()

    def plan(self, client, tightness, history, minutes):
        items = [
            i
            for i in _items(GENERIC)
            if i["region"] not in client.avoid
            and (i["region"], i["technique"]) not in self.dropped
        ]
        return _fill(items, tightness, minutes)

    def learn(self, items, flags, flare):
        self.dropped |= {(f["region"], f["technique"]) for f in flags}
        if flare and items:
            # The likeliest culprit to a therapist: the deepest work nearest the pelvis.
            guess = max(items, key=lambda i: (REGIONS[i["region"]].si_proximity, i["pressure"]))
            self.dropped.add((guess["region"], guess["technique"]))


def _fill(items: list[dict], tightness: dict, minutes: int) -> list[dict]:
    """Spend the minutes freed by dropped items on the tight regions still worked."""
    tight = [i for i in items if tightness.get(i["region"], 0) > 0]
    spare = minutes - sum(i["minutes"] for i in items)
    for k in range(spare if tight else 0):
        tight[k % len(tight)]["minutes"] += 1
    return items


class Gentle(Policy):
    """Fixed rules: light pressure (2) only, nothing near the pelvis, time by tightness."""

    name = "gentle rules"

    def plan(self, client, tightness, history, minutes):
        regions = [
            r
            for r, t in sorted(tightness.items())
            if t > 0 and r not in client.avoid and REGIONS[r].si_proximity < 0.4
        ]
        total = sum(tightness[r] for r in regions) or 1.0
        share = {r: max(5, int(minutes * tightness[r] / total) // 5 * 5) for r in regions}
        items, used = [], 0
        for r in sorted(regions, key=lambda r: -tightness[r]):
            if used + share[r] <= minutes:
                items.append(
                    {"region": r, "technique": "petrissage", "pressure": 2, "minutes": share[r]}
                )
                used += share[r]
        return items


class Engine(Policy):
    name = "engine"

    def __init__(self, population: dict | None = None, tolerance: float | None = None) -> None:
        self.population = population
        self.tolerance = tolerance  # planned-for tolerance, when not the client's own

    def plan(self, client, tightness, history, minutes):
        request = {
            "client": {
                "avoid": list(client.avoid),
                "tightness": tightness,
                "risk_tolerance": self.tolerance or client.tolerance,
            },
            "history": history,
            "minutes": minutes,
        }
        if self.population is not None:
            request["population"] = self.population
        response = recommend(request)
        return [
            {k: i[k] for k in ("region", "technique", "pressure", "minutes")}
            for i in response["items"]
        ]


MINUTE_OPTIONS = (5, 10, 15, 20, 25, 30)
_MENU: dict[tuple, list[tuple[dict, float, float]]] = {}


def _frontier(options: list[tuple[dict, float, float]]) -> list[tuple[dict, float, float]]:
    """Keep (item, dose, hazard) that no other item beats on both dose and hazard."""
    kept, best = [], -1.0
    for opt in sorted(options, key=lambda o: (o[2], -o[1])):
        if opt[1] > best + 1e-12:
            kept.append(opt)
            best = opt[1]
    return kept


def _menu(client: Client, region: str, minutes: int) -> list[tuple[dict, float, float]]:
    """The oracle's useful items on a region for the given minutes (cached per client)."""
    key = (client.cid, client.shift, client.threshold[region], region, minutes)
    if key not in _MENU:
        options = []
        for tid, tech in TECHNIQUES.items():
            if not allowed(client, region, tid):
                continue
            for p in range(tech.pressure_min, tech.pressure_max + 1):
                item = {"region": region, "technique": tid, "pressure": p, "minutes": minutes}
                options.append((item, dose(tid, p, minutes), item_hazard(client, item)))
        _MENU[key] = _frontier(options)
    return _MENU[key]


def oracle_plan(client: Client, tightness: dict, minutes: int) -> list[dict]:
    """Most true relief with true risk under the tolerance (one item per region).

    Solved by Lagrangian relaxation of the risk limit with an exact dynamic program over
    5-minute blocks: always within the limit, and within a fraction of a percent of the
    exact optimum (checked against milp in tests of the benchmark's own code).
    """
    groups = []
    for region, tight in sorted(tightness.items()):
        if tight <= 0:
            continue
        opts = [
            (item, tight * relief_share(client, d), h)
            for m in MINUTE_OPTIONS
            if m <= minutes
            for item, d, h in _menu(client, region, m)
        ]
        groups.append(_group(opts, minutes // 5))
    return _lagrange(groups, minutes // 5, -np.log1p(-client.tolerance))


@dataclass(frozen=True)
class _Group:
    """One region's options as arrays, for the dynamic program."""

    items: list[dict]
    gain: np.ndarray
    hazard: np.ndarray
    back: np.ndarray  # (options, units + 1): block count before taking the option
    valid: np.ndarray


def _group(opts, units: int) -> _Group:
    need = np.array([o[0]["minutes"] // 5 for o in opts])
    back = np.arange(units + 1)[None, :] - need[:, None]
    return _Group(
        [o[0] for o in opts],
        np.array([o[1] for o in opts]),
        np.array([o[2] for o in opts]),
        np.maximum(back, 0),
        back >= 0,
    )


def _knapsack(groups: list[_Group], units: int, lam: float) -> list[tuple[_Group, int]]:
    """Best relief - lam * hazard with at most one option per group and `units` blocks."""
    best, picks = np.zeros(units + 1), []
    for g in groups:
        score = np.where(g.valid, best[g.back] + (g.gain - lam * g.hazard)[:, None], -np.inf)
        k = np.argmax(score, axis=0)
        top = score[k, np.arange(units + 1)]
        take = top > best + 1e-12
        picks.append(np.where(take, k, -1))
        best = np.where(take, top, best)
    chosen, u = [], int(np.argmax(best))
    for g, pick in zip(reversed(groups), reversed(picks), strict=True):
        if pick[u] >= 0:
            chosen.append((g, int(pick[u])))
            u = int(g.back[pick[u], u])
    return chosen


def _lagrange(groups: list[_Group], units: int, budget: float) -> list[dict]:
    def hazard(lam: float) -> float:
        return sum(g.hazard[k] for g, k in _knapsack(groups, units, lam))

    lo, hi = 0.0, 0.0
    if hazard(0.0) > budget:
        hi = 1.0
        while hazard(hi) > budget and hi < 1e7:
            lo, hi = hi, hi * 4
        for _ in range(25):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if hazard(mid) > budget else (lo, mid)
    return [dict(g.items[k]) for g, k in _knapsack(groups, units, hi)]


def exact_oracle_plan(client: Client, tightness: dict, minutes: int) -> list[dict]:
    """The same problem solved exactly by milp: slow on some clients; checks the oracle."""
    cands = []
    for region, tight in sorted(tightness.items()):
        if tight <= 0:
            continue
        for m in (m for m in MINUTE_OPTIONS if m <= minutes):
            for item, d, h in _menu(client, region, m):
                cands.append((item, tight * relief_share(client, d), h))
    return _solve(cands, minutes, -np.log1p(-client.tolerance))


def _solve(cands, minutes: int, budget: float) -> list[dict]:
    if not cands:
        return []
    regions = sorted({c[0]["region"] for c in cands})
    rows = [[1.0 if c[0]["region"] == r else 0.0 for c in cands] for r in regions]
    rows += [[c[0]["minutes"] for c in cands], [c[2] for c in cands]]
    upper = [1.0] * len(regions) + [minutes, budget]
    cost = np.array([-c[1] + 1e-4 * c[0]["minutes"] for c in cands])
    res = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), -np.inf, upper),
        integrality=np.ones(len(cands)),
        bounds=Bounds(0, 1),
    )
    if res.x is None:
        return []
    return [dict(c[0]) for c, x in zip(cands, res.x, strict=True) if x > 0.5]


class Oracle(Policy):
    name = "oracle"

    def plan(self, client, tightness, history, minutes):
        return oracle_plan(client, tightness, minutes)


POLICIES = (Generic, TrialAndError, Gentle, Engine, Oracle)
