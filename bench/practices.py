"""The engine with and without a fitted population, on two simulators and three practices.

`python -m bench practices [--quick] [--seed N]`. For each simulator (bench/virtual.py,
bench/second.py) and practice (typical; sensitive: every client's thresholds a step
lower than the built-in prior; robust: a step higher), a population is fitted on the
histories of TRAIN other clients of that practice after TRAIN_SESSIONS sessions with the
engine, then the same new clients are planned for by trial and error, gentle rules, the
engine without a population, the engine with it, and the engine with its thresholds but
the built-in speak-up (what each half of the population does). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np

from bench import second, virtual
from bench.engine import MINUTES, _record, simulate, summarize
from bench.policies import Engine, Gentle, TrialAndError
from safetouch.engine import default_population, fit_population

SEED = 20261202
PRACTICES = {"typical": 0.0, "sensitive": -1.0, "robust": 1.0}
TRAIN, TRAIN_SESSIONS = 30, 8


def _first(cid: int, seed: int, shift: float) -> virtual.Client:
    c = virtual.make_client(cid, seed)
    return replace(
        c, shift=c.shift + shift, threshold={r: t + shift for r, t in c.threshold.items()}
    )


SIMULATORS = {
    "first (bench/virtual.py)": (_first, None),
    "second (bench/second.py)": (second.make_client, second.at_session),
}


def _history(args) -> dict:
    """A training client's request after TRAIN_SESSIONS sessions planned by the engine."""
    sim, shift, cid, seed = args
    make, at = SIMULATORS[sim]
    base = make(cid, seed, shift)
    policy, history = Engine(), []
    tightness = {r: round(t, 1) for r, t in base.tightness.items()}
    for s in range(TRAIN_SESSIONS):
        client = base if at is None else at(base, s)
        rng = np.random.default_rng([seed, cid, s])
        items = policy.plan(client, tightness, history, MINUTES)
        out = virtual.run_session(client, tightness, items, rng)
        history.append(_record(tightness, items, out, s))
        tightness = virtual.next_tightness(client, out.after, rng)
    return {
        "client": {"avoid": list(base.avoid), "tightness": tightness},
        "history": history,
        "minutes": MINUTES,
    }


ROWS = (
    "trial and error",
    "gentle rules",
    "engine without population",
    "engine with population",
    "engine with population's thresholds only",
)


def thresholds_only(population: dict) -> dict:
    """The population with the built-in speak-up: what its thresholds alone change."""
    return {**population, "flags": default_population()["flags"]}


def _evaluate(args) -> dict:
    sim, shift, cid, seed, sessions, population = args
    make, at = SIMULATORS[sim]
    client = make(cid, seed, shift)
    policies = (
        TrialAndError(),
        Gentle(),
        Engine(),
        Engine(population),
        Engine(thresholds_only(population)),
    )
    return {
        name: simulate(policy, client, sessions, seed, at)
        for name, policy in zip(ROWS, policies, strict=True)
    }


def run(seed: int, clients: int, sessions: int, workers: int) -> dict:
    out = {}
    with ProcessPoolExecutor(workers) as pool:
        for sim in SIMULATORS:
            for practice, shift in PRACTICES.items():
                train = [(sim, shift, 50_000 + k, seed) for k in range(TRAIN)]
                population = fit_population(list(pool.map(_history, train)))
                jobs = [(sim, shift, k, seed, sessions, population) for k in range(clients)]
                results = list(pool.map(_evaluate, jobs))
                runs = {name: [r[name] for r in results] for name in ROWS}
                out[(sim, practice)] = (population, {n: summarize(r) for n, r in runs.items()})
    return out


CURVE = (0.02, 0.035, 0.05, 0.08, 0.12)


def _curve_job(args) -> dict:
    sim, shift, cid, seed, sessions, population = args
    make, at = SIMULATORS[sim]
    client = make(cid, seed, shift)
    out = {"gentle rules": simulate(Gentle(), client, sessions, seed, at)}
    for tolerance in CURVE:
        out[tolerance] = simulate(Engine(population, tolerance), client, sessions, seed, at)
    return out


def curve(seed: int, clients: int, sessions: int, workers: int) -> str:
    """The trade-off: the engine with a population, planning for other risk tolerances
    than her 5% (judged against 5% all the same), on each simulator's typical practice."""
    lines = [
        "| simulator | planned-for tolerance | flares/client s1-6 | expected flares s1-6 "
        "| sessions over 5% | relief vs oracle s4-12 |",
        "|---|---|---|---|---|---|",
    ]
    with ProcessPoolExecutor(workers) as pool:
        for sim in SIMULATORS:
            train = [(sim, 0.0, 50_000 + k, seed) for k in range(TRAIN)]
            population = fit_population(list(pool.map(_history, train)))
            jobs = [(sim, 0.0, k, seed, sessions, population) for k in range(clients)]
            results = list(pool.map(_curve_job, jobs))
            for key in ("gentle rules", *CURVE):
                s = summarize([r[key] for r in results])
                label = key if isinstance(key, str) else f"engine at {key:.3f}"
                lines.append(
                    f"| {sim} | {label} | {s['flares_1_6']:.3f} | {s['expected_1_6']:.3f} "
                    f"| {s['over_tolerance']:.3f} | {s['relief_4_12']:.3f} |"
                )
    return "\n".join(lines)


def tables(results: dict) -> str:
    lines = []
    for sim in SIMULATORS:
        lines += [
            f"\n#### Simulator: {sim}\n",
            "| practice | policy | flares/client s1-6 | expected flares s1-6 "
            "| sessions over tolerance | relief vs oracle s1-3 | s4-12 |",
            "|---|---|---|---|---|---|---|",
        ]
        for practice in PRACTICES:
            population, by_policy = results[(sim, practice)]
            for name, s in by_policy.items():
                lines.append(
                    f"| {practice} | {name} | {s['flares_1_6']:.3f} | {s['expected_1_6']:.3f} "
                    f"| {s['over_tolerance']:.3f} "
                    f"| {s['relief_1_3']:.3f} | {s['relief_4_12']:.3f} |"
                )
        lines.append("")
        for practice in PRACTICES:
            p = results[(sim, practice)][0]
            lines.append(
                f"- {practice}: fitted on {p['clients']} clients, threshold shift "
                f"{p['threshold_shift']['mean']:+.2f} (sd {p['threshold_shift']['sd']:.2f}), "
                f"relief log {p['relief']['log_mean']:+.2f} (sd {p['relief']['log_sd']:.2f}), "
                f"speak-up {p['flags']['speak_up']:.2f}"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench practices")
    parser.add_argument("--quick", action="store_true", help="12 clients per practice")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--curve", action="store_true", help="the risk/relief trade-off")
    args = parser.parse_args(argv)
    clients = args.clients or (12 if args.quick else 40)
    started = time.perf_counter()
    if args.curve:
        print(f"### Trade-off: {clients} clients x {args.sessions} sessions, seed {args.seed}")
        print(curve(args.seed, clients, args.sessions, args.workers))
        print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s")
        return 0
    results = run(args.seed, clients, args.sessions, args.workers)
    print(f"### Practices: {clients} clients x {args.sessions} sessions, seed {args.seed}")
    print(tables(results))
    print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s")
    return 0
