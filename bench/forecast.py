"""Backtest of the massage forecast on simulated check-in histories.

Each simulated client has her own build-up rates, training blocks, seasonal weather and
stretching habit; she books a massage when tightness reaches her limit. At 7 and 14
days after each massage (from the third on) the forecast sees only the history so far
and names a date; the truth is the day the noise-free tightness reached the limit. The
baseline books every six weeks. Run: `python -m bench.forecast [--quick]`.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass

import numpy as np

from safetouch.engine.forecast import Reading, Session, forecast

LIMIT = 7.0
REGIONS = ("calf_left", "calf_right", "hamstring_left", "upper_back")
START = dt.date(2025, 1, 6)
DAYS = 400
BASELINE_DAYS = 42


@dataclass
class History:
    readings: list[Reading]
    sessions: list[Session]
    crossings: list[int]  # day index when the limit was reached, one per massage


def simulate(rng: np.random.Generator) -> History:
    """One client's year: latent tightness, noisy check-ins, massages when limited."""
    base = rng.uniform(0.03, 0.10, size=len(REGIONS))
    per_minute = rng.uniform(0.0004, 0.0015)
    per_cold = rng.uniform(0.002, 0.012)
    per_stretch = -rng.uniform(0.0, 0.015)
    adherence = rng.uniform(0.2, 0.9)
    phase = rng.uniform(0, 365)
    level = rng.uniform(1.5, 3.5, size=len(REGIONS))
    history = History([], [], [])
    pending = {"training": 0.0, "stretches": 0}
    booked_for: int | None = None
    block = rng.uniform(20, 90)
    for day in range(DAYS):
        if day % 14 == 0:
            block = rng.uniform(10, 100)  # a new training block
        temp = 8 + 10 * np.cos(2 * np.pi * (day - phase) / 365) + rng.normal(0, 3)
        training = 0.0 if rng.random() < 0.2 else max(0.0, rng.normal(block, 15))
        stretches = int(rng.poisson(4 * adherence))
        rate = base + per_minute * training + per_cold * max(0.0, 15 - temp)
        level = level + rate + per_stretch * stretches + rng.normal(0, 0.05, len(REGIONS))
        level = np.clip(level, 0, 10)
        pending["training"] += training
        pending["stretches"] += stretches
        if booked_for is None and level.max() >= LIMIT:
            history.crossings.append(day)
            booked_for = day + int(rng.integers(0, 4))  # she gets an appointment soon
        if booked_for == day:
            level = rng.uniform(1.5, 3.5, size=len(REGIONS))
            after = {r: int(round(v)) for r, v in zip(REGIONS, level, strict=True)}
            history.sessions.append(Session(START + dt.timedelta(days=day), after))
            booked_for = None
            continue
        if rng.random() < 0.7:
            history.readings.append(_reading(rng, day, level, temp, pending))
            pending = {"training": 0.0, "stretches": 0}
    return history


def _reading(rng, day: int, level, temp: float, pending: dict) -> Reading:
    noisy = np.clip(np.round(level + rng.normal(0, 0.5, len(level))), 0, 10)
    at = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(19, 0))
    return Reading(
        at=at,
        tightness={r: int(v) for r, v in zip(REGIONS, noisy, strict=True)},
        training_minutes=round(pending["training"]),
        temperature_c=round(temp + rng.normal(0, 1), 1),
        stretches=pending["stretches"],
    )


@dataclass
class Trial:
    lag: int  # days after the massage the forecast was asked
    error: float
    baseline_error: float
    covered: bool
    width: int | None  # days from A to B


def backtest(history: History) -> list[Trial]:
    trials = []
    for n, session in enumerate(history.sessions[2:-1], start=2):
        truth = START + dt.timedelta(days=history.crossings[n + 1])
        for lag in (7, 14):
            today = session.date + dt.timedelta(days=lag)
            if today >= truth:
                continue
            seen = [r for r in history.readings if r.at.date() <= today]
            result = forecast(seen, history.sessions[: n + 1], today=today, limit=LIMIT)
            if result.book_by is None:
                continue
            baseline = session.date + dt.timedelta(days=BASELINE_DAYS)
            latest = result.latest or dt.date.max
            trials.append(
                Trial(
                    lag=lag,
                    error=abs((result.book_by - truth).days),
                    baseline_error=abs((baseline - truth).days),
                    covered=result.earliest <= truth <= latest,
                    width=(result.latest - result.earliest).days if result.latest else None,
                )
            )
    return trials


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (argv or [])
    clients = 30 if quick else 200
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    trials = [t for _ in range(clients) for t in backtest(simulate(rng))]
    seconds = time.perf_counter() - started
    errors = np.array([t.error for t in trials])
    baseline = np.array([t.baseline_error for t in trials])
    print(f"Forecast backtest: {clients} simulated clients, {len(trials)} forecasts")
    print(f"  median error, forecast         {np.median(errors):5.1f} days")
    print(f"  median error, every six weeks  {np.median(baseline):5.1f} days")
    print(f"  mean error, forecast / six weeks {errors.mean():5.1f} / {baseline.mean():5.1f} days")
    print(f"  within 3 days, forecast / six weeks  {np.mean(errors <= 3):4.0%} / ", end="")
    print(f"{np.mean(baseline <= 3):4.0%}")
    print(f"  80% interval covers the true day  {np.mean([t.covered for t in trials]):4.0%}")
    widths = [t.width for t in trials if t.width is not None]
    print(f"  median interval width  {np.median(widths):4.1f} days")
    for lag in (7, 14):
        some = [t for t in trials if t.lag == lag]
        errs = [t.error for t in some]
        base = [t.baseline_error for t in some]
        print(
            f"  asked {lag:2d} days after a massage: median error {np.median(errs):4.1f} "
            f"vs {np.median(base):4.1f} days ({len(some)} forecasts)"
        )
    print(f"  {1000 * seconds / max(1, len(trials)):.1f} ms per forecast (incl. simulation)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
