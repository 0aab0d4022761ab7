"""A second set of virtual clients, built with other functional forms than bench/virtual.py.

The engine's models were written with the first simulator in view; this one changes
what they assume, so a figure here says how the engine does on clients it was not
shaped to (all numbers are assumptions, chosen to differ, not to be harder or easier):

- thresholds fall more gently with SI proximity (5.9 - 2.6 x proximity, 0.6 lower for
  back regions face down), clients differ by a heavier-tailed shift (a normal mixture),
  regions by N(0, 0.7), and techniques load the joint with more spread (N(0, 0.5));
- flags come late or not at all: a quarter of clients hardly ever speak up (chance
  0.1), the others between 0.5 and 0.9, and the warning comes anywhere from 1 step
  before the threshold to 0.4 after it;
- relief saturates as a Hill curve, 0.65 x d^h / (d^h + k^h), with k ~ U(0.8, 2.0) and
  h ~ U(0.8, 2.0) per client, instead of the engine's 0.6 x (1 - exp(-rate x dose));
- thresholds drift in winter: lower by up to 0.6 steps at the turn of the year, back to
  normal by spring (sessions start on 5 January, weekly).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np

from bench.virtual import AVOID, Client, _tight_regions
from safetouch.engine.catalog import REGIONS, TECHNIQUES

START = dt.date(2026, 1, 5)
WINTER_DROP = 0.6


def base_threshold(region: str) -> float:
    reg = REGIONS[region]
    prone = 0.6 if reg.view == "back" and reg.si_proximity < 0.5 else 0.0
    return 5.9 - 2.6 * reg.si_proximity - prone


def make_client(cid: int, seed: int, practice_shift: float = 0.0) -> Client:
    rng = np.random.default_rng([seed, cid, 2])
    spread = 1.2 if rng.random() < 0.2 else 0.6
    shift = float(rng.normal(0, spread)) + practice_shift
    threshold = {r: base_threshold(r) + shift + rng.normal(0, 0.7) for r in REGIONS}
    silent = rng.random() < 0.25
    return Client(
        cid=cid,
        tightness=_tight_regions(rng),
        avoid=AVOID,
        tolerance=0.05,
        shift=shift,
        threshold={r: float(t) for r, t in threshold.items()},
        technique_load={
            t: 2.0 * tech.joint_load + float(rng.normal(0, 0.5)) for t, tech in TECHNIQUES.items()
        },
        flag_margin=float(rng.uniform(-0.4, 1.0)),
        speaks_up=0.1 if silent else float(rng.uniform(0.5, 0.9)),
        relief_rate=1.0,
        meta={"hill": (0.65, float(rng.uniform(0.8, 2.0)), float(rng.uniform(0.8, 2.0)))},
    )


def winter(day: dt.date) -> float:
    """1 at the turn of the year, 0 from April to October."""
    return max(0.0, math.cos(2 * math.pi * (day.timetuple().tm_yday - 5) / 365)) ** 2


def at_session(client: Client, session: int) -> Client:
    """The client as she is in her session `session` (0-based, weekly from START)."""
    drop = WINTER_DROP * winter(START + dt.timedelta(weeks=session))
    return replace(client, threshold={r: t - drop for r, t in client.threshold.items()})
