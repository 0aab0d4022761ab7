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

from dataclasses import dataclass, field

import numpy as np

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.validate import Session

REGION_IDS: tuple[str, ...] = tuple(REGIONS)
REGION_INDEX: dict[str, int] = {r: i for i, r in enumerate(REGION_IDS)}
TECHNIQUE_IDS: tuple[str, ...] = tuple(TECHNIQUES)
TECHNIQUE_INDEX: dict[str, int] = {t: i for i, t in enumerate(TECHNIQUE_IDS)}

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
# A technique may load her joints more or less than the catalog says (issue 3's left-out
# item): a per-technique offset in effective pressure, learned from her flags and flares
# with that technique against what her other work says about each region.
OFFSETS = np.arange(-1.0, 1.01, 0.25)
OFFSET_SD = 0.3  # prior spread of a technique's offset, in pressure steps (assumption)


@dataclass(frozen=True)
class Posterior:
    """Posterior over each region's threshold on the TAU grid (rows follow REGION_IDS)."""

    tau: np.ndarray  # (regions, len(TAU)), each row sums to 1
    flag_max: float = 0.8  # FLAG_MAX, or how reliably a practice's clients speak up
    offset: dict[str, float] = field(default_factory=dict)  # technique -> learned load

    def effective(self, technique: str, pressure: float) -> float:
        """Effective pressure, with what her history says about this technique's load."""
        return effective_pressure(technique, pressure) + self.offset.get(technique, 0.0)

    def quantile(self, region: str, level: float) -> float:
        """The threshold below which the posterior puts `level` of its mass."""
        cdf = np.cumsum(self.tau[REGION_INDEX[region]])
        return float(TAU[min(int(np.searchsorted(cdf, level)), len(TAU) - 1)])

    def mean_hazard(self, region: str, technique: str, pressure: int, minutes: float) -> float:
        row = self.tau[REGION_INDEX[region]]
        p_eff = self.effective(technique, pressure)
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


def background_hazard(minutes: Number) -> np.ndarray:
    """The part of an item's flare hazard that any work has, well below every threshold."""
    return np.asarray(minutes) / 10.0 * BACKGROUND


def raw_hazard(p_eff: Number, tau: Number, minutes: Number, flagged: Number = False) -> np.ndarray:
    """Flare hazard of one item: a small background plus a step up past the threshold.

    A flagged item was eased off during the session, so most of its excess is avoided.
    """
    over = _sigmoid((np.asarray(p_eff) - tau) / WIDTH) * np.where(flagged, 1.0 - EASED, 1.0)
    return background_hazard(minutes) + np.asarray(minutes) / 10.0 * ABOVE * over


def hazard(p_eff: Number, tau: Number, minutes: Number, flag_max: float = FLAG_MAX) -> np.ndarray:
    """Expected flare hazard of a planned item, counting the chance a flag eases it off."""
    over = _sigmoid((np.asarray(p_eff) - tau) / WIDTH)
    over = over * (1.0 - EASED * flag_chance(p_eff, tau, flag_max))
    return background_hazard(minutes) + np.asarray(minutes) / 10.0 * ABOVE * over


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
    technique: np.ndarray  # index into TECHNIQUE_IDS


def _lowest_flags(session: Session) -> dict[tuple[str, str], int]:
    """(region, technique) -> the lowest pressure flagged too much in `session`: an item
    there counts as flagged at that pressure or above."""
    lowest: dict[tuple[str, str], int] = {}
    for f in session.too_much:
        key = (f.region, f.technique)
        lowest[key] = min(f.pressure, lowest.get(key, f.pressure))
    return lowest


# effective_pressure for every (technique, pressure) a request may hold: a long history
# asks for it hundreds of times.
EFFECTIVE = {(t, p): effective_pressure(t, p) for t in TECHNIQUES for p in range(1, 6)}


def _columns(history: tuple[Session, ...]) -> tuple[list, ...]:
    """Region index, effective pressure, minutes, flagged, session, technique index."""
    cols: tuple[list, ...] = ([], [], [], [], [], [])
    region, p_eff, minutes, flagged, at, technique = (c.append for c in cols)
    for s, session in enumerate(history):
        lowest = _lowest_flags(session)
        for item in session.items:
            low = lowest.get((item.region, item.technique))
            region(REGION_INDEX[item.region])
            p_eff(EFFECTIVE[item.technique, item.pressure])
            minutes(item.minutes)
            flagged(low is not None and low <= item.pressure)
            at(s)
            technique(TECHNIQUE_INDEX[item.technique])
        if lowest:
            worked = {(i.region, i.technique) for i in session.items}
            for f in session.too_much:
                if (f.region, f.technique) not in worked:
                    region(REGION_INDEX[f.region])
                    p_eff(EFFECTIVE[f.technique, f.pressure])
                    minutes(0.0)
                    flagged(True)
                    at(s)
                    technique(TECHNIQUE_INDEX[f.technique])
    return cols


def _evidence(history: tuple[Session, ...]) -> _Evidence:
    region, p_eff, minutes, flagged, session, technique = _columns(history)
    flare = np.array([-1 if s.flare is None else int(s.flare) for s in history], dtype=int)
    if not region:
        empty = np.zeros(0)
        return _Evidence(
            empty.astype(int), empty, empty, empty.astype(bool), empty, flare, empty.astype(int)
        )
    return _Evidence(
        region=np.array(region),
        p_eff=np.array(p_eff),
        minutes=np.array(minutes),
        flagged=np.array(flagged),
        session=np.array(session, dtype=int),
        flare=flare,
        technique=np.array(technique),
    )


def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(rows, axis=0, return_counts=True): the same rows in the same order, by a
    stable sort on each column in turn, four times faster than sorting rows as records."""
    rows = rows[np.lexsort(rows.T[::-1])]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    starts = np.flatnonzero(new)
    return rows[starts], np.diff(np.append(starts, len(rows)))


def _quiet_loglik(ev: _Evidence, flag_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Flags, and sessions without a flare, per region; identical rows are counted once."""
    quiet = (ev.flare[ev.session] == 0).astype(float)
    rows = np.column_stack([ev.region, ev.p_eff, ev.minutes * quiet, ev.flagged])
    unique, counts = unique_rows(rows)
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
        ev.technique[keep],
    )


def _loglik(ev: _Evidence, flag_max: float) -> tuple[np.ndarray, np.ndarray | None]:
    """(log-likelihood per (region, TAU), each flared row's share of its flare or None)."""
    if len(ev.region) == 0:
        return np.zeros((len(REGION_IDS), len(TAU))), None
    quiet = _by_region(*_quiet_loglik(ev, flag_max))
    flared = _subset(ev, ev.flare[ev.session] == 1)
    if len(flared.region) == 0:
        return quiet, None
    blame = _blame(flared, _posterior(quiet, flag_max=flag_max))
    return quiet + _by_region(flared.region, _flare_loglik(flared, blame)), blame


def loglik(history: tuple[Session, ...], flag_max: float = FLAG_MAX) -> np.ndarray:
    """Log-likelihood of the history per (region, threshold on TAU).

    Flares are blamed using the fit on flags and quiet sessions under the built-in
    prior, so the same history always gives the same likelihood, whatever the prior.
    """
    return _loglik(_evidence(history), flag_max)[0]


def shift_loglik(history: tuple[Session, ...], flag_max: float = FLAG_MAX) -> np.ndarray:
    """Log-likelihood of the history per client shift on SHIFT (for fit_population)."""
    return _shift_loglik(loglik(history, flag_max))[2]


STEP = float(TAU[1] - TAU[0])
PAD = int(round(float(OFFSETS[-1]) / STEP))  # grid points an offset may move a row by
WIDE = np.arange(-PAD, len(TAU) + PAD) * STEP + TAU[0]  # TAU, widened by PAD both ways


def _technique_logliks(
    ev: _Evidence, techniques: np.ndarray, blame: np.ndarray | None, flag_max: float
) -> dict[int, np.ndarray]:
    """Log-likelihood per (region, WIDE) of each technique's rows (`techniques` sorted).
    Moving a row's load by d is moving its threshold by -d, so each offset on OFFSETS is
    a slice of this.

    Identical rows are counted once: one sort of all rows, technique first, serves every
    technique (each one's rows stay in the order a sort of its own rows would give)."""
    quiet = ev.flare[ev.session] == 0
    flared = ev.flare[ev.session] == 1
    share = np.zeros(len(ev.region))
    if blame is not None:
        share[np.flatnonzero(flared)] = blame
    columns = [ev.technique, ev.region, ev.p_eff, ev.minutes, ev.flagged, quiet, flared, share]
    keep = np.isin(ev.technique, techniques)
    unique, counts = unique_rows(np.column_stack(columns)[keep])
    p_eff, minutes, share = unique[:, 2:3], unique[:, 3:4], unique[:, 7:8]
    flagged, quiet, flared = (unique[:, k : k + 1] > 0 for k in (4, 5, 6))
    chance = flag_chance(p_eff, WIDE[None, :], flag_max)
    rows = np.where(flagged, np.log(chance), np.log1p(-chance))
    h = raw_hazard(p_eff, WIDE[None, :], minutes, flagged)
    caused = share * np.log(-np.expm1(-np.maximum(h, 1e-12))) - (1.0 - share) * h
    rows += np.where(quiet, -h, 0.0) + np.where(flared, caused, 0.0)
    rows *= counts[:, None]
    at = np.searchsorted(techniques, unique[:, 0].astype(int))  # techniques are sorted
    total = np.zeros((len(techniques), len(REGION_IDS), len(WIDE)))
    np.add.at(total, (at, unique[:, 1].astype(int)), rows)
    return {int(t): total[k] for k, t in enumerate(techniques)}


# Where each offset's slice of a WIDE row starts.
OFFSET_STARTS = np.array([PAD - int(round(float(d) / STEP)) for d in OFFSETS])
WINDOWS = OFFSET_STARTS[:, None] + np.arange(len(TAU))[None, :]  # (offsets, TAU) into WIDE


def _offsets(ev: _Evidence, blame: np.ndarray | None, post: Posterior) -> dict[int, float]:
    """Posterior mean offset of each technique her flags or flares set apart
    (OFFSETS, prior sd OFFSET_SD).

    Each technique's rows are weighed against the region thresholds the rest of her
    history supports (the posterior with those rows taken out again).
    """
    if not len(ev.region):
        return {}
    log_post = np.log(np.maximum(post.tau, 1e-300))
    log_prior = -0.5 * (OFFSETS / OFFSET_SD) ** 2
    n = len(TAU)
    flagged = np.bincount(ev.technique[ev.flagged], minlength=len(TECHNIQUE_IDS))
    flared = np.bincount(ev.technique[ev.flare[ev.session] == 1], minlength=len(TECHNIQUE_IDS))
    # No flag or flare with a technique: nothing sets it apart from her other work.
    techniques = np.flatnonzero((flagged > 0) | (flared > 0))
    if not len(techniques):
        return {}
    worked = np.zeros((len(TECHNIQUE_IDS), len(REGION_IDS)), dtype=bool)
    worked[ev.technique, ev.region] = True
    out = {}
    for t, wide in _technique_logliks(ev, techniques, blame, post.flag_max).items():
        regions = np.flatnonzero(worked[t])
        wide = wide[regions]
        rest = log_post[regions] - wide[:, PAD : PAD + n]
        rest -= rest.max(axis=1, keepdims=True)
        # (offsets, regions, TAU): each offset's slice of every region's row.
        total = (
            rest[None, :, :] + wide[np.arange(len(regions))[None, :, None], WINDOWS[:, None, :]]
        )
        top = total.max(axis=2, keepdims=True)
        evidence = (np.log(np.exp(total - top).sum(axis=2)) + top[:, :, 0]).sum(axis=1)
        weights = np.exp(log_prior + evidence - (log_prior + evidence).max())
        out[t] = round(float(weights @ OFFSETS / weights.sum()), 2)
    return out


def fit(
    history: tuple[Session, ...],
    prior_shift: np.ndarray = PRIOR_SHIFT,
    flag_max: float = FLAG_MAX,
) -> Posterior:
    """Posterior thresholds given flags and flares; the prior and flag_max may come from
    a practice's population. A technique her flags or flares set apart gets its own
    offset in effective pressure (`Posterior.effective`); the thresholds are not refitted
    with it (tried: the same plans within noise, at 1.4x the time)."""
    ev = _evidence(history)
    ll, blame = _loglik(ev, flag_max)
    post = _posterior(ll, prior_shift, flag_max)
    offsets = _offsets(ev, blame, post)
    named = {TECHNIQUE_IDS[t]: d for t, d in sorted(offsets.items()) if d != 0.0}
    return Posterior(post.tau, flag_max, named) if named else post
