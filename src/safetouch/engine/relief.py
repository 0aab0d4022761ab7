"""Relief model: how many tightness points an item takes off a region.

Relief saturates (diminishing returns) in minutes and in pressure: a share of the
region's tightness, `CEILING * (1 - exp(-rate * dose))`. The client's rate is learned,
on a grid, from tightness reported before a session and the day after.
"""

from __future__ import annotations

import math

import numpy as np

from safetouch.engine.validate import Session

CEILING = 0.6  # at most this share of a region's tightness goes in one session (assumption)
BASE_RATE = 0.5  # per "dose unit": 10 minutes of kneading at full pressure effect
MULTIPLIER = np.exp(np.linspace(-1.2, 1.2, 25))  # how the client responds vs. the base rate
PRIOR_SD = 0.5  # log scale
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


def _observations(history: tuple[Session, ...]) -> tuple[np.ndarray, np.ndarray]:
    doses, shares = [], []
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
    return np.array(doses), np.array(shares)


def loglik(history: tuple[Session, ...]) -> np.ndarray | None:
    """Log-likelihood of her reported relief per MULTIPLIER; None without any report."""
    doses, shares = _observations(history)
    if not len(doses):
        return None
    pred = CEILING * (1.0 - np.exp(-BASE_RATE * np.outer(MULTIPLIER, doses)))
    return -0.5 * (((pred - shares[None, :]) / NOISE_SD) ** 2).sum(axis=1)


def log_prior(log_mean: float = 0.0, log_sd: float = PRIOR_SD) -> np.ndarray:
    return -0.5 * ((np.log(MULTIPLIER) - log_mean) / log_sd) ** 2


def posterior(history: tuple[Session, ...], prior: np.ndarray) -> np.ndarray:
    """Posterior weights on MULTIPLIER given the log `prior`."""
    like = loglik(history)
    log_post = prior if like is None else prior + like
    w = np.exp(log_post - log_post.max())
    return w / w.sum()


def fit_multiplier(history: tuple[Session, ...], prior: np.ndarray | None = None) -> float:
    """Posterior mean of the client's relief rate multiplier (1.0 with no data)."""
    w = posterior(history, log_prior() if prior is None else prior)
    return float((w * MULTIPLIER).sum())
