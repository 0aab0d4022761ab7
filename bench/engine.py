"""Planning engine benchmark: five policies on the same virtual clients, session by session.

`python -m bench engine` (200 clients x 12 sessions, three scenarios, timing);
`--quick` for a smaller run. Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from bench.policies import POLICIES, Engine, oracle_plan
from bench.virtual import (
    Client,
    expected_relief,
    make_client,
    next_tightness,
    run_session,
)
from safetouch.engine import recommend

MINUTES = 60
SEED = 20260105


@dataclass(frozen=True)
class Row:
    session: int
    flare: bool
    risk: float
    relief: float
    oracle_relief: float


def _record(tightness: dict, items: list[dict], out, day: int) -> dict:
    worked = {i["region"] for i in items}
    return {
        "date": (dt.date(2026, 1, 5) + dt.timedelta(weeks=day)).isoformat(),
        "items": items,
        "too_much": out.flags,
        "flare": out.flare,
        "tightness_before": {r: t for r, t in tightness.items() if r in worked},
        "tightness_after": {r: round(t, 1) for r, t in out.after.items() if r in worked},
    }


def simulate(policy_cls, client: Client, sessions: int, seed: int, at=None) -> list[Row]:
    """One client under one policy; random draws are shared across policies (same seeds).

    `policy_cls` is a Policy class or instance; `at(client, session)` is the client as
    she is in that session (the second simulator's thresholds drift with the season).
    """
    policy = policy_cls() if isinstance(policy_cls, type) else policy_cls
    history, rows, base = [], [], client
    tightness = {r: round(t, 1) for r, t in client.tightness.items()}
    for s in range(sessions):
        client = base if at is None else at(base, s)
        rng = np.random.default_rng([seed, client.cid, s])
        items = policy.plan(client, tightness, history, MINUTES)
        out = run_session(client, tightness, items, rng)
        best = expected_relief(client, tightness, oracle_plan(client, tightness, MINUTES))
        rows.append(Row(s + 1, out.flare, out.risk, out.relief, best))
        history.append(_record(tightness, items, out, s))
        policy.learn(items, out.flags, out.flare)
        tightness = next_tightness(client, out.after, rng)
    return rows


def _one_client(args) -> dict[str, list[Row]]:
    client, sessions, seed = args
    return {p.name: simulate(p, client, sessions, seed) for p in POLICIES}


def run_all(clients: list[Client], sessions: int, seed: int, workers: int) -> dict:
    jobs = [(c, sessions, seed) for c in clients]
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_one_client, jobs, chunksize=4))
    return {p.name: [r[p.name] for r in results] for p in POLICIES}


def _ratio(runs: list[list[Row]], first: int, last: int) -> float:
    rows = [r for run in runs for r in run if first <= r.session <= last]
    return sum(r.relief for r in rows) / max(sum(r.oracle_relief for r in rows), 1e-9)


def _sessions_to_oracle(run: list[Row]) -> int | None:
    for r in run:
        if r.relief >= 0.9 * r.oracle_relief:
            return r.session
    return None


def summarize(runs: list[list[Row]], tolerance: float = 0.05) -> dict:
    rows = [r for run in runs for r in run]
    reach = [_sessions_to_oracle(run) for run in runs]
    hit = [x for x in reach if x is not None]
    return {
        "flares_1_6": statistics.mean(sum(r.flare for r in run if r.session <= 6) for run in runs),
        "expected_1_6": statistics.mean(
            sum(r.risk for r in run if r.session <= 6) for run in runs
        ),
        "flare_rate": sum(r.flare for r in rows) / len(rows),
        "over_tolerance": sum(r.risk > tolerance for r in rows) / len(rows),
        "mean_true_risk": statistics.mean(r.risk for r in rows),
        "relief_1_3": _ratio(runs, 1, 3),
        "relief_4_12": _ratio(runs, 4, 99),
        "relief_per_session": statistics.mean(r.relief for r in rows),
        "to_oracle_median": statistics.median(hit) if hit else None,
        "never_within_10pct": 1 - len(hit) / len(reach),
    }


def _fmt(x) -> str:
    if x is None:
        return "never"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


HEAD = (
    "| policy | flares/client s1-6 | expected flares s1-6 | flare rate "
    "| sessions over tolerance | mean true risk "
    "| relief vs oracle s1-3 | s4-12 | relief/session | sessions to within 10% of oracle "
    "(median) | never within 10% |"
)
KEYS = (
    "flares_1_6",
    "expected_1_6",
    "flare_rate",
    "over_tolerance",
    "mean_true_risk",
    "relief_1_3",
    "relief_4_12",
    "relief_per_session",
    "to_oracle_median",
    "never_within_10pct",
)


def table(summaries: dict[str, dict]) -> str:
    lines = [HEAD, "|" + "---|" * (len(KEYS) + 1)]
    for name, s in summaries.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(s[k]) for k in KEYS) + " |")
    return "\n".join(lines)


def scenario_clients(seed: int) -> dict[str, Client]:
    base = make_client(10_000, seed)
    robust_shift, sensitive_shift = 1.4, -1.6

    def shifted(client: Client, delta: float, **kw) -> Client:
        th = {r: t + delta for r, t in client.threshold.items()}
        return replace(client, shift=client.shift + delta, threshold=th, **kw)

    calm = shifted(base, -base.shift)
    if base.face_down:
        calm = replace(
            calm, threshold={**calm.threshold, "upper_back": calm.threshold["upper_back"] + 1.8}
        )
    face_down = {**calm.threshold, "upper_back": calm.threshold["upper_back"] - 2.5}
    return {
        "very sensitive": shifted(calm, sensitive_shift),
        "robust": shifted(calm, robust_shift),
        "face-down upper back": replace(calm, threshold=face_down, face_down=True),
    }


def run_scenarios(seed: int, reps: int, sessions: int, workers: int) -> dict[str, dict]:
    out = {}
    for label, client in scenario_clients(seed).items():
        copies = [replace(client, cid=10_000 + k) for k in range(reps)]
        runs = run_all(copies, sessions, seed, workers)
        out[label] = {name: summarize(r) for name, r in runs.items()}
    return out


def scenario_table(results: dict[str, dict]) -> str:
    lines = [
        "| scenario | policy | flares per 12 sessions | expected flares per 12 sessions "
        "| relief vs oracle s4-12 |",
        "|---|---|---|---|---|",
    ]
    for label, by_policy in results.items():
        for name, s in by_policy.items():
            lines.append(
                f"| {label} | {name} | {_fmt(s['flare_rate'] * 12)} "
                f"| {_fmt(s['mean_true_risk'] * 12)} "
                f"| {_fmt(s['relief_4_12'])} |"
            )
    return "\n".join(lines)


def long_history(seed: int, sessions: int = 100) -> dict:
    """A request with `sessions` sessions of history, made by following the engine."""
    client = make_client(77, seed)
    history: list[dict] = []
    tightness = {r: round(t, 1) for r, t in client.tightness.items()}
    policy = Engine()
    for s in range(sessions):
        rng = np.random.default_rng([seed, 77, s])
        items = policy.plan(client, tightness, history, MINUTES)
        out = run_session(client, tightness, items, rng)
        history.append(_record(tightness, items, out, s))
        tightness = next_tightness(client, out.after, rng)
    client_json = {"avoid": list(client.avoid), "tightness": tightness}
    return {"client": client_json, "history": history, "minutes": MINUTES}


def time_recommend(request: dict, repeats: int) -> float:
    recommend(request)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        recommend(request)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench engine")
    parser.add_argument("--quick", action="store_true", help="fewer clients, a quick check")
    parser.add_argument("--clients", type=int, help="number of virtual clients")
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _args(argv)
    n = args.clients or (40 if args.quick else 200)
    reps = 10 if args.quick else 40
    started = time.perf_counter()
    clients = [make_client(i, args.seed) for i in range(n)]
    runs = run_all(clients, args.sessions, args.seed, args.workers)
    print(f"## Planning engine: {n} clients x {args.sessions} sessions, seed {args.seed}\n")
    print(table({name: summarize(r) for name, r in runs.items()}))
    print(f"\n### Scenarios ({reps} runs of each client)\n")
    print(scenario_table(run_scenarios(args.seed, reps, args.sessions, args.workers)))
    ms = time_recommend(long_history(args.seed), 15 if args.quick else 50)
    print(f"\nrecommend() median with 100 sessions of history: {ms:.1f} ms")
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")
    return 0
