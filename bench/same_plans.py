"""Check that a change to the engine changes no plan: record, then compare, its JSON.

    python -m bench.same_plans --save var/plans-before.json     # before the change
    python -m bench.same_plans --compare var/plans-before.json  # after it

The requests are the ones the engine sees on the benchmark's virtual clients: 12
sessions of each of 24 clients of the first simulator (bench/virtual.py) without a
population, 8 with a typical, a sensitive and a robust population each, 8 clients of
the second simulator (bench/second.py) with and without one, and the 100-session
history `python -m bench engine` times, at 30, 60 and 100 sessions. The recording holds
each request with recommend()'s response and check()'s verdict on its items; --compare
replays the recorded requests, so a difference shows the first request it appears in
rather than a simulation that went another way. Exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from bench import second, virtual
from bench.engine import MINUTES, SEED, _record, long_history
from safetouch.engine import check, default_population, recommend

CLIENTS, SESSIONS = 24, 12


def _population(mean: float, speak_up: float) -> dict:
    built_in = default_population()
    return {
        **built_in,
        "clients": 40,
        "threshold_shift": {"mean": mean, "sd": 0.5},
        "flags": {"speak_up": speak_up},
    }


POPULATIONS = {
    "typical": _population(0.0, 0.8),
    "sensitive": _population(-1.0, 0.6),
    "robust": _population(1.0, 0.9),
}


def _request(client, tightness: dict, history: list, population: dict | None) -> dict:
    request = {
        "client": {"avoid": list(client.avoid), "tightness": tightness},
        "history": history,
        "minutes": MINUTES,
    }
    if population is not None:
        request["population"] = population
    return json.loads(json.dumps(request))  # a copy the simulation will not change


def _follow(base, seed: int, population: dict | None, at=None) -> list[dict]:
    """The requests of SESSIONS sessions of one client planned by the engine."""
    requests, history = [], []
    tightness = {r: round(t, 1) for r, t in base.tightness.items()}
    for s in range(SESSIONS):
        client = base if at is None else at(base, s)
        rng = np.random.default_rng([seed, client.cid, s])
        request = _request(client, tightness, history, population)
        requests.append(request)
        items = [
            {k: i[k] for k in ("region", "technique", "pressure", "minutes")}
            for i in recommend(request)["items"]
        ]
        out = virtual.run_session(client, tightness, items, rng)
        history.append(_record(tightness, items, out, s))
        tightness = virtual.next_tightness(client, out.after, rng)
    return requests


def requests() -> list[dict]:
    out = []
    for cid in range(CLIENTS):
        out += _follow(virtual.make_client(cid, SEED), SEED, None)
    for population in POPULATIONS.values():
        for cid in range(CLIENTS, CLIENTS + 8):
            out += _follow(virtual.make_client(cid, SEED), SEED, population)
    for cid in range(8):
        client = second.make_client(cid, SEED)
        out += _follow(client, SEED, None, second.at_session)
        out += _follow(client, SEED, POPULATIONS["typical"], second.at_session)
    long = long_history(SEED)
    for sessions in (30, 60, 100):
        out.append({**long, "history": long["history"][:sessions]})
    out.append({**long, "population": POPULATIONS["sensitive"]})
    return out


def outputs(request: dict) -> dict:
    response = recommend(request)
    return {"response": response, "check": check(request, response["items"])}


def _text(value: dict) -> str:
    return json.dumps(value, sort_keys=True)


def compare(recorded: list[dict]) -> list[int]:
    """Indices of the recorded requests whose outputs differ now, as JSON text."""
    return [
        k
        for k, row in enumerate(recorded)
        if _text(outputs(row["request"])) != _text(row["outputs"])
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.same_plans")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", metavar="FILE", help="record the engine's outputs")
    mode.add_argument("--compare", metavar="FILE", help="compare with a recording")
    args = parser.parse_args(argv)
    if args.save:
        rows = [{"request": r, "outputs": outputs(r)} for r in requests()]
        with open(args.save, "w") as f:
            json.dump(rows, f)
        print(f"recorded {len(rows)} requests in {args.save}")
        return 0
    with open(args.compare) as f:
        recorded = json.load(f)
    differ = compare(recorded)
    print(f"{len(differ)} of {len(recorded)} requests give other outputs: {differ[:20]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
