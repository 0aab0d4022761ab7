"""How far better learning could take the engine: the engine told part of the truth.

`python -m bench bounds [--clients N] [--seed N]`. On each simulator's typical practice
(no population), the same clients are planned for by the engine as it is, and by the
engine told what it otherwise learns: every region's true threshold (and how reliably
she speaks up), or her true relief rate; and by the engine without its continuity costs
(planner.SWITCH_COST, DROP_COST). No told engine is a policy anyone could use; the
figures bound what learning more from her reports can add, against the oracle's relief.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from bench import practices
from bench.engine import simulate
from bench.policies import Engine, Gentle
from bench.virtual import Client
from safetouch.engine import planner, population, relief, risk


@contextlib.contextmanager
def _set(target, **values):
    old = {k: getattr(target, k) for k in values}
    for k, v in values.items():
        setattr(target, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(target, k, v)


def _told_thresholds(client: Client):
    tau = np.zeros((len(risk.REGION_IDS), len(risk.TAU)))
    for region, i in risk.REGION_INDEX.items():
        tau[i, int(np.argmin(abs(risk.TAU - client.threshold[region])))] = 1.0
    posterior = risk.Posterior(tau, client.speaks_up)
    return _set(population, risk_posterior=lambda request: posterior)


class Told(Engine):
    """The engine, with what `how` tells it about the client in every plan."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how

    def plan(self, client, tightness, history, minutes):
        if self.how == "thresholds":
            told = _told_thresholds(client)
        elif self.how == "relief rate":
            rates = relief.Rates(client.relief_rate)  # the same on every region, as simulated
            told = _set(population, relief_rates=lambda request: rates)
        else:
            told = _set(planner, SWITCH_COST=0.0, DROP_COST=0.0)
        with told:
            return super().plan(client, tightness, history, minutes)


ROWS = {
    "gentle rules": Gentle,
    "engine": Engine,
    "engine told every threshold": lambda: Told("thresholds"),
    "engine told her relief rate": lambda: Told("relief rate"),
    "engine without continuity costs": lambda: Told("continuity"),
}


def _job(args) -> dict:
    sim, cid, seed, sessions = args
    make, at = practices.SIMULATORS[sim]
    client = make(cid, seed, 0.0)
    return {
        name: simulate(new(), client, sessions, seed, at)
        for name, new in ROWS.items()
        # The second simulator's relief is a Hill curve: no rate of the engine's form.
        if not (name == "engine told her relief rate" and client.meta.get("hill"))
    }


def _summary(runs) -> dict:
    rows = [r for run in runs for r in run]

    def ratio(first: int, last: int) -> float:
        part = [r for r in rows if first <= r.session <= last]
        return sum(r.relief for r in part) / max(sum(r.oracle_relief for r in part), 1e-9)

    return {
        "flares": statistics.mean(sum(r.flare for r in run if r.session <= 6) for run in runs),
        "expected": statistics.mean(sum(r.risk for r in run if r.session <= 6) for run in runs),
        "relief_1_3": ratio(1, 3),
        "relief_4_12": ratio(4, 99),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench bounds")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=practices.SEED)
    parser.add_argument("--quick", action="store_true", help="12 clients")
    args = parser.parse_args(argv)
    clients = 12 if args.quick else args.clients
    started = time.perf_counter()
    print(
        f"### Bounds: typical practice, {clients} clients x {args.sessions} sessions, "
        f"seed {args.seed}\n"
    )
    print(
        "| simulator | policy | flares/client s1-6 | expected flares s1-6 "
        "| relief vs oracle s1-3 | s4-12 |"
    )
    print("|---|---|---|---|---|---|")
    with ProcessPoolExecutor(args.workers) as pool:
        for sim in practices.SIMULATORS:
            jobs = [(sim, k, args.seed, args.sessions) for k in range(clients)]
            results = list(pool.map(_job, jobs))
            for name in (n for n in ROWS if n in results[0]):
                s = _summary([r[name] for r in results])
                print(
                    f"| {sim} | {name} | {s['flares']:.3f} | {s['expected']:.3f} "
                    f"| {s['relief_1_3']:.3f} | {s['relief_4_12']:.3f} |"
                )
    print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s")
    return 0
