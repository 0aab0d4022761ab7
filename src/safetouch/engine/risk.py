"""Bayesian per-client flare-risk model: each region has an unknown pressure threshold.

Above its threshold, work on a region can lock up or flare the SI joints. The prior comes
from the domain (domain.md): thresholds fall with SI proximity, face-down back work
loads the pelvis, techniques that move the joint count as extra pressure, and clients
differ (a shared client shift). Too-much flags are item-level early warnings that come
a little below the threshold; a flare is shared among the session's items by how risky
each was (additive hazards). The posterior is exact on a grid, so an item never tried
keeps the prior's wide uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.validate import Item, Session

REGION_IDS: tuple[str, ...] = tuple(REGIONS)
REGION_INDEX: dict[str, int] = {r: i for i, r in enumerate(REGION_IDS)}

# Grid of thresholds, in "effective pressure" units (the 1-5 scale plus technique load).
TAU = np.arange(0.5, 8.01, 0.125)
SHIFT = np.arange(-3.0, 2.01, 0.25)  # client-wide shift of all thresholds
SHIFT_SD = 0.7  # clients differ: pressure-pain thresholds 2.4 vs 8.5 kg/cm2 (domain.md)
REGION_SD = 0.6  # a region's own deviation from the client's shifted prior
FACE_DOWN_SHARE = 0.2  # some clients' SI joints lock from upper-back pressure face down
FACE_DOWN_DROP = 1.5  # their upper-back threshold is this much lower (patient report, domain.md)

BACKGROUND = 0.0015  # flare hazard per 10 minutes of work well below threshold
ABOVE = 0.6  # extra hazard per 10 minutes fully above threshold
WIDTH = 0.3  # how sharp a threshold is, in pressure steps
FLAG_MARGIN = 0.8  # flags come most of a step below the threshold: a warning before harm
FLAG_WIDTH = 0.45  # clients differ in how early they speak up
FLAG_MAX = 0.8  # chance a client speaks up when it is too much
FLAG_FALSE = 0.02  # flags with no threshold behind them
EASED = 0.75  # share of an item's excess hazard avoided when the therapist eases off a flag


@dataclass(frozen=True)
class Posterior:
    """Posterior over each region's threshold on the TAU grid (rows follow REGION_IDS)."""

    tau: np.ndarray  # (regions, len(TAU)), each row sums to 1
    flag_max: float = 0.8  # FLAG_MAX, or how reliably a practice's clients speak up

    def quantile(self, region: str, level: float) -> float:
        """The threshold below which the posterior puts `level` of its mass."""
        cdf = np.cumsum(self.tau[REGION_INDEX[region]])
        return float(TAU[min(int(np.searchsorted(cdf, level)), len(TAU) - 1)])

    def mean_hazard(self, region: str, technique: str, pressure: int, minutes: float) -> float:
        row = self.tau[REGION_INDEX[region]]
        p_eff = effective_pressure(technique, pressure)
        return float(row @ hazard(p_eff, TAU, minutes, self.flag_max))


def prior_mean(region: str) -> float:
    """Prior threshold: lower near the SI joint and for back regions worked face down."""
    reg = REGIONS[region]
    prone = 0.4 if reg.view == "back" and reg.si_proximity < 0.5 else 0.0
    return 6.2 - 3.2 * reg.si_proximity - prone


def effective_pressure(technique: str, pressure: float) -> float:
    """Pressure plus how much the technique moves the joint (joint mobilization: +2)."""
    return pressure + 2.0 * TECHNIQUES[technique].joint_load


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


Number = float | np.ndarray


def flag_chance(p_eff: Number, tau: Number, flag_max: float = FLAG_MAX) -> np.ndarray:
    """Chance the client says "too much" during the item: rises a step before the threshold."""
    return FLAG_FALSE + flag_max * _sigmoid((np.asarray(p_eff) - tau + FLAG_MARGIN) / FLAG_WIDTH)


def raw_hazard(p_eff: Number, tau: Number, minutes: Number, flagged: Number = False) -> np.ndarray:
    """Flare hazard of one item: a small background plus a step up past the threshold.

    A flagged item was eased off during the session, so most of its excess is avoided.
    """
    over = _sigmoid((np.asarray(p_eff) - tau) / WIDTH) * np.where(flagged, 1.0 - EASED, 1.0)
    return np.asarray(minutes) / 10.0 * (BACKGROUND + ABOVE * over)


def hazard(p_eff: Number, tau: Number, minutes: Number, flag_max: float = FLAG_MAX) -> np.ndarray:
    """Expected flare hazard of a planned item, counting the chance a flag eases it off."""
    over = _sigmoid((np.asarray(p_eff) - tau) / WIDTH)
    over = over * (1.0 - EASED * flag_chance(p_eff, tau, flag_max))
    return np.asarray(minutes) / 10.0 * (BACKGROUND + ABOVE * over)


def _density(means: np.ndarray) -> np.ndarray:
    z = (TAU[None, None, :] - means[None, :, None] - SHIFT[:, None, None]) / REGION_SD
    dens = np.exp(-0.5 * z**2)
    return dens / dens.sum(axis=2, keepdims=True)


def _prior_tau() -> np.ndarray:
    """P(threshold | client shift) for every shift and region: (shifts, regions, TAU).

    The upper back is a mixture: for a share of clients, face-down pressure there
    reaches the pelvis, and its threshold sits well below what its distance suggests.
    """
    means = np.array([prior_mean(r) for r in REGION_IDS])
    usual = _density(means)
    face_down = _density(means - FACE_DOWN_DROP)
    k = REGION_INDEX["upper_back"]
    usual[:, k] = (1 - FACE_DOWN_SHARE) * usual[:, k] + FACE_DOWN_SHARE * face_down[:, k]
    return usual


PRIOR_TAU = _prior_tau()


def shift_prior(mean: float = 0.0, sd: float = SHIFT_SD) -> np.ndarray:
    """Prior weights of the client shift on the SHIFT grid: normal(mean, sd)."""
    weights = np.exp(-0.5 * ((SHIFT - mean) / sd) ** 2)
    return weights / weights.sum()


PRIOR_SHIFT = shift_prior()


@dataclass(frozen=True)
class _Evidence:
    """History flattened to one row per item worked (and per flag with no matching item)."""

    region: np.ndarray
    p_eff: np.ndarray
    minutes: np.ndarray
    flagged: np.ndarray
    session: np.ndarray
    flare: np.ndarray  # per session: 1 flare, 0 none, -1 not known


def _flagged(session: Session, item: Item) -> bool:
    return any(
        f.region == item.region and f.technique == item.technique and f.pressure <= item.pressure
        for f in session.too_much
    )


def _rows(history: tuple[Session, ...]) -> list[tuple]:
    rows = []
    for s, session in enumerate(history):
        for item in session.items:
            p_eff = effective_pressure(item.technique, item.pressure)
            rows.append((item.region, p_eff, item.minutes, _flagged(session, item), s))
        worked = {(i.region, i.technique) for i in session.items}
        for flag in session.too_much:
            if (flag.region, flag.technique) not in worked:
                p_eff = effective_pressure(flag.technique, flag.pressure)
                rows.append((flag.region, p_eff, 0.0, True, s))
    return rows


def _evidence(history: tuple[Session, ...]) -> _Evidence:
    rows = _rows(history)
    flare = np.array([-1 if s.flare is None else int(s.flare) for s in history], dtype=int)
    if not rows:
        empty = np.zeros(0)
        return _Evidence(empty.astype(int), empty, empty, empty.astype(bool), empty, flare)
    region, p_eff, minutes, flagged, session = zip(*rows, strict=True)
    return _Evidence(
        region=np.array([REGION_INDEX[r] for r in region]),
        p_eff=np.array(p_eff),
        minutes=np.array(minutes),
        flagged=np.array(flagged),
        session=np.array(session, dtype=int),
        flare=flare,
    )


def _quiet_loglik(ev: _Evidence, flag_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Flags, and sessions without a flare, per region; identical rows are counted once."""
    quiet = (ev.flare[ev.session] == 0).astype(float)
    rows = np.column_stack([ev.region, ev.p_eff, ev.minutes * quiet, ev.flagged])
    unique, counts = np.unique(rows, axis=0, return_counts=True)
    p_eff, minutes, flagged = unique[:, 1:2], unique[:, 2:3], unique[:, 3:4] > 0
    chance = flag_chance(p_eff, TAU[None, :], flag_max)
    loglik = np.where(flagged, np.log(chance), np.log1p(-chance))
    loglik -= raw_hazard(p_eff, TAU[None, :], minutes, flagged)
    return unique[:, 0].astype(int), loglik * counts[:, None]


def _flare_loglik(ev: _Evidence, blame: np.ndarray) -> np.ndarray:
    """Log-likelihood of each item's share of a flare that followed its session."""
    h = raw_hazard(ev.p_eff[:, None], TAU[None, :], ev.minutes[:, None], ev.flagged[:, None])
    caused = blame[:, None] * np.log(-np.expm1(-np.maximum(h, 1e-12)))
    return caused - (1.0 - blame[:, None]) * h


def _by_region(region: np.ndarray, loglik: np.ndarray) -> np.ndarray:
    total = np.zeros((len(REGION_IDS), len(TAU)))
    np.add.at(total, region, loglik)
    return total


def _shift_loglik(loglik: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(likelihood per region on TAU, evidence per (shift, region), log-lik per shift)."""
    like = np.exp(loglik - loglik.max(axis=1, keepdims=True))
    z = np.einsum("srt,rt->sr", PRIOR_TAU, like)  # evidence per (shift, region)
    return like, z, np.log(z).sum(axis=1)


def _posterior(
    loglik: np.ndarray, prior_shift: np.ndarray = PRIOR_SHIFT, flag_max: float = FLAG_MAX
) -> Posterior:
    like, z, shift_loglik = _shift_loglik(loglik)
    log_shift = np.log(prior_shift) + shift_loglik
    w_shift = np.exp(log_shift - log_shift.max())
    w_shift /= w_shift.sum()
    tau = np.einsum("s,srt->rt", w_shift, PRIOR_TAU / z[:, :, None]) * like
    return Posterior(tau / tau.sum(axis=1, keepdims=True), flag_max)


def _blame(ev: _Evidence, post: Posterior) -> np.ndarray:
    """Share each flare among its session's items in proportion to their expected hazard."""
    rows = post.tau[ev.region]
    grid = raw_hazard(ev.p_eff[:, None], TAU[None, :], ev.minutes[:, None], ev.flagged[:, None])
    h = np.einsum("nt,nt->n", rows, grid)
    per_session = np.bincount(ev.session, weights=h, minlength=len(ev.flare))
    return h / np.maximum(per_session[ev.session], 1e-12)


def _subset(ev: _Evidence, keep: np.ndarray) -> _Evidence:
    return _Evidence(
        ev.region[keep],
        ev.p_eff[keep],
        ev.minutes[keep],
        ev.flagged[keep],
        ev.session[keep],
        ev.flare,
    )


def loglik(history: tuple[Session, ...], flag_max: float = FLAG_MAX) -> np.ndarray:
    """Log-likelihood of the history per (region, threshold on TAU).

    Flares are blamed using the fit on flags and quiet sessions under the built-in
    prior, so the same history always gives the same likelihood, whatever the prior.
    """
    ev = _evidence(history)
    if len(ev.region) == 0:
        return np.zeros((len(REGION_IDS), len(TAU)))
    quiet = _by_region(*_quiet_loglik(ev, flag_max))
    flared = _subset(ev, ev.flare[ev.session] == 1)
    if len(flared.region) == 0:
        return quiet
    blame = _blame(flared, _posterior(quiet, flag_max=flag_max))
    return quiet + _by_region(flared.region, _flare_loglik(flared, blame))


def shift_loglik(history: tuple[Session, ...], flag_max: float = FLAG_MAX) -> np.ndarray:
    """Log-likelihood of the history per client shift on SHIFT (for fit_population)."""
    return _shift_loglik(loglik(history, flag_max))[2]


def fit(
    history: tuple[Session, ...],
    prior_shift: np.ndarray = PRIOR_SHIFT,
    flag_max: float = FLAG_MAX,
) -> Posterior:
    """Posterior thresholds given flags and flares; the prior and flag_max may come from
    a practice's population."""
    return _posterior(loglik(history, flag_max), prior_shift, flag_max)
