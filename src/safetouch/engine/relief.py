"""Relief model: how many tightness points an item takes off a region.

Relief saturates (diminishing returns) in minutes and in pressure: a share of the
region's tightness, `CEILING * (1 - exp(-rate * dose))`. The client's rate is learned,
on a grid, from tightness reported before a session and the day after: once for her
as a whole, then for each region she reported on, shrunk towards her own (`fit_rates`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from safetouch.engine.validate import Session

CEILING = 0.6  # at most this share of a region's tightness goes in one session (assumption)
BASE_RATE = 0.5  # per "dose unit": 10 minutes of kneading at full pressure effect
MULTIPLIER = np.exp(np.linspace(-1.2, 1.2, 25))  # how the client responds vs. the base rate
PRIOR_SD = 0.5  # log scale
# How far one region's rate strays from her own, log scale (assumption: within 1.3x of
# hers for two regions in three, 2x apart is rare). Neither simulator tells it.
REGION_LOG_SD = 0.25
NOISE_SD = 0.15  # spread of reported relief shares around the model

# How well each technique loosens a tight muscle, relative to kneading (assumption).
EFFICACY: dict[str, float] = {
    "effleurage": 0.6,
    "petrissage": 1.0,
    "friction": 0.8,
    "deep_tissue": 1.1,
    "trigger_point": 0.9,
    "myofascial_release": 0.85,
    "tapotement": 0.3,
    "vibration": 0.4,
    "assisted_stretch": 0.7,
    "joint_mobilization": 0.3,
    "cupping": 0.7,
    "hot_stone": 0.75,
    "lymphatic_drainage": 0.2,
    "instrument_assisted": 0.8,
}


def pressure_effect(pressure: float) -> float:
    """Diminishing returns in pressure: 1 -> 0.46, 3 -> 0.85, 5 -> 0.96."""
    return 1.0 - math.exp(-pressure / 1.6)


# EFFICACY x pressure_effect for each (technique, pressure) an item may have: a long
# history and a plan's menu ask for hundreds of them.
DOSE_RATE = {(t, p): EFFICACY[t] * pressure_effect(p) for t in EFFICACY for p in range(1, 6)}


def dose(technique: str, pressure: float, minutes: float) -> float:
    rate = DOSE_RATE.get((technique, pressure))
    if rate is None:
        rate = EFFICACY[technique] * pressure_effect(pressure)
    return rate * minutes / 10.0


def share(total_dose: float, multiplier: float) -> float:
    """Expected share of a region's tightness relieved by `total_dose`."""
    return CEILING * (1.0 - math.exp(-BASE_RATE * multiplier * total_dose))


@dataclass(frozen=True)
class Rates:
    """Her relief rate multiplier: overall, and per region she reported relief on."""

    overall: float
    by_region: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_region", MappingProxyType(dict(self.by_region)))

    def of(self, region: str) -> float:
        """The region's own multiplier; her overall one where she never reported on it."""
        return self.by_region.get(region, self.overall)

    def relieved(self, region: str, tightness: float, total_dose: float) -> float:
        """Expected tightness points `total_dose` takes off `region` at `tightness`."""
        return tightness * share(total_dose, self.of(region))


def _observations(history: tuple[Session, ...]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per (session, region) with relief reported: its dose, its relief share, its region."""
    doses, shares, regions = [], [], []
    for session in history:
        if not (session.tightness_before and session.tightness_after):
            continue  # no relief reported
        per_region: dict[str, float] = {}
        for item in session.items:
            d = dose(item.technique, item.pressure, item.minutes)
            per_region[item.region] = per_region.get(item.region, 0.0) + d
        for region, d in per_region.items():
            before = session.tightness_before.get(region)
            after = session.tightness_after.get(region)
            if before and after is not None:
                doses.append(d)
                shares.append(max(0.0, (before - after) / before))
                regions.append(region)
    return np.array(doses), np.array(shares), regions


def _loglik_each(doses: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Log-likelihood of each report (columns) at each MULTIPLIER (rows)."""
    pred = CEILING * (1.0 - np.exp(-BASE_RATE * np.outer(MULTIPLIER, doses)))
    return -0.5 * ((pred - shares[None, :]) / NOISE_SD) ** 2


def loglik(history: tuple[Session, ...]) -> np.ndarray | None:
    """Log-likelihood of her reported relief per MULTIPLIER; None without any report."""
    doses, shares, _ = _observations(history)
    if not len(doses):
        return None
    return _loglik_each(doses, shares).sum(axis=1)


def log_prior(log_mean: float = 0.0, log_sd: float = PRIOR_SD) -> np.ndarray:
    return -0.5 * ((np.log(MULTIPLIER) - log_mean) / log_sd) ** 2


def _weights(log_post: np.ndarray) -> np.ndarray:
    """Normalised posterior weights from log posteriors on MULTIPLIER (the last axis)."""
    w = np.exp(log_post - log_post.max(axis=-1, keepdims=True))
    return w / w.sum(axis=-1, keepdims=True)


def fit_rates(history: tuple[Session, ...], prior: np.ndarray | None = None) -> Rates:
    """Her relief rate multiplier overall and per region (posterior means on MULTIPLIER).

    Overall: the log `prior` (the practice's population, else the built-in) and all her
    reports; the prior's mean with none. A region: its own reports only, under a
    log-normal prior centred on her posterior mean log multiplier with sd REGION_LOG_SD,
    so a region with few reports stays near her overall rate and one with many can move
    away from it; a region with none plans with her overall rate (`Rates.of`).
    The centre already includes the region's own reports, so they count a little twice;
    leaving each region out of its centre would take a fit per region for little change.
    """
    prior = log_prior() if prior is None else prior
    doses, shares, regions = _observations(history)
    if not len(doses):
        return Rates(float(_weights(prior) @ MULTIPLIER))
    each = _loglik_each(doses, shares)  # grid x reports
    w = _weights(prior + each.sum(axis=1))
    log_grid = np.log(MULTIPLIER)
    centre = float(w @ log_grid)
    index: dict[str, int] = {}  # region -> row, in order of first report
    rows = [index.setdefault(region, len(index)) for region in regions]
    by_report = np.zeros((len(index), len(doses)))  # which region each report is of
    by_report[rows, np.arange(len(doses))] = 1.0
    region_prior = -0.5 * ((log_grid - centre) / REGION_LOG_SD) ** 2
    region_w = _weights(by_report @ each.T + region_prior[None, :])  # regions x grid
    by_region = dict(zip(index, (region_w @ MULTIPLIER).tolist(), strict=True))
    return Rates(float(w @ MULTIPLIER), by_region)
