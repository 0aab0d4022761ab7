"""What a practice has learned: population-level parameters fitted over many clients.

`fit_population(requests)` (contract v2) learns, by empirical Bayes, where a practice's
flare thresholds sit against the built-in prior and how much its clients differ (the
client shift of risk.py), and how well massage relieves them (relief.py's multiplier).

Each client's history enters only as her likelihood over the shift and multiplier grids.
The fit is a few EM steps for a normal prior on each: every step sets the prior's mean
and spread to the average, over clients, of their posterior moments under the previous
prior. An average of N per-client terms, each within the grid, moves by at most
(grid width) / N when one client's history changes; posterior means move less than
their prior's mean, so after EM_STEPS steps a mean moves by at most EM_STEPS x (grid
width) / N. The spreads are held to the same bound by test (tests/engine/
test_population.py; on 40 clients the largest move seen is half of it). Nothing per
client is returned: no dates, no rows, only the count of clients it was fitted on.

With fewer than MIN_CLIENTS clients of at least MIN_SESSIONS sessions each, it returns
the built-in prior, so no population ever describes a few people.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from safetouch.engine import relief, risk
from safetouch.engine.errors import EngineError
from safetouch.engine.validate import Population, Request, parse_request

MIN_CLIENTS = 20
MIN_SESSIONS = 3
EM_STEPS = 3
SHIFT_WIDTH = float(risk.SHIFT[-1] - risk.SHIFT[0])  # 5 pressure steps
RELIEF_WIDTH = float(np.log(relief.MULTIPLIER[-1] / relief.MULTIPLIER[0]))  # 2.4 (log)
# Spreads are kept within these, so a practice of near-identical histories still
# leaves room for a client who differs (and the result stays a valid population).
SHIFT_SD_RANGE = (0.3, 1.5)
RELIEF_SD_RANGE = (0.15, 0.8)

SPEAK_UP_RANGE = (0.1, 0.95)
SPEAK_UP_PSEUDO = 3  # the built-in FLAG_MAX counts as this many clients with a flare

BUILT_IN = Population(
    clients=0,
    shift_mean=0.0,
    shift_sd=risk.SHIFT_SD,
    relief_log_mean=0.0,
    relief_log_sd=relief.PRIOR_SD,
    speak_up=risk.FLAG_MAX,
)


def as_json(population: Population) -> dict:
    """The contract's JSON form of a population."""
    return {
        "version": 1,
        "clients": population.clients,
        "threshold_shift": {
            "mean": round(population.shift_mean, 3),
            "sd": round(population.shift_sd, 3),
        },
        "relief": {
            "log_mean": round(population.relief_log_mean, 3),
            "log_sd": round(population.relief_log_sd, 3),
        },
        "flags": {"speak_up": round(population.speak_up, 3)},
    }


def default_population() -> dict:
    """The engine's built-in prior, as a population."""
    return as_json(BUILT_IN)


def shift_prior(population: Population | None) -> np.ndarray:
    p = population or BUILT_IN
    return risk.shift_prior(p.shift_mean, p.shift_sd)


def relief_prior(population: Population | None) -> np.ndarray:
    p = population or BUILT_IN
    return relief.log_prior(p.relief_log_mean, p.relief_log_sd)


def risk_posterior(request: Request) -> risk.Posterior:
    """Her thresholds given her history, under her practice's population (or the prior)."""
    p = request.population or BUILT_IN
    return risk.fit(request.history, shift_prior(p), p.speak_up)


def relief_rates(request: Request) -> relief.Rates:
    return relief.fit_rates(request.history, relief_prior(request.population))


def _flag_evidence(history: tuple) -> tuple[float, int]:
    """How much of her flares the likeliest culprits' excess explains, and how many of
    those culprits she had flagged "too much".

    In each session that flared, the culprit is the item with the most hazard above its
    threshold, and its share of the session's whole hazard is the chance the flare came
    from going past a threshold at all rather than from the background (risk.BACKGROUND).
    A flare of work well within her thresholds says nothing of how she speaks up:
    counting it as unflagged made a practice whose clients rarely pass a threshold look
    like one that seldom speaks up. Both are judged by her posterior with her flags left
    out and no flag expected (flag_max 0), so whether she flagged, the thing being
    counted, does not choose the culprit or its weight.
    """
    flared = [s for s in history if s.flare is True and s.items]
    if not flared:
        return 0.0, 0
    post = risk.fit(tuple(replace(s, too_much=()) for s in history), flag_max=0.0)
    explained, flagged = 0.0, 0
    for session in flared:
        items = session.items
        hazards = [post.mean_hazard(i.region, i.technique, i.pressure, i.minutes) for i in items]
        excess = [
            h - float(risk.background_hazard(i.minutes))
            for h, i in zip(hazards, items, strict=True)
        ]
        k = max(range(len(items)), key=excess.__getitem__)
        explained += excess[k] / sum(hazards)
        culprit = (items[k].region, items[k].technique)
        flagged += any((f.region, f.technique) == culprit for f in session.too_much)
    return explained, flagged


def _speak_up(histories: list[tuple]) -> float:
    """How reliably a practice's clients speak up (risk.FLAG_MAX), from flared sessions.

    A flagged item is eased off (risk.EASED), so a flare follows a flagged item less
    often: with speak-up chance f, the share r of threshold flares that came after a flag
    is f (1 - EASED) / (1 - EASED f), so f = r / (1 - EASED + EASED r). A client's r is
    her flagged culprits over the flares their excess explains (_flag_evidence), at most
    1, and she weighs as much as those flares explain, at most 1. The built-in value fills
    up to SPEAK_UP_PSEUDO more clients, and to a quarter of all clients, so r is a
    weighted mean of terms within [0, 1] whose weights total at least N / 4: it moves by
    at most 4 / N when one client changes, and f by at most 16 / N (df/dr <= 1 / (1 -
    EASED)).
    """
    weights, shares = [], []
    for history in histories:
        explained, flagged = _flag_evidence(history)
        if explained > 0:
            weights.append(min(explained, 1.0))
            shares.append(min(flagged / explained, 1.0))
    built_in = risk.FLAG_MAX * (1 - risk.EASED) / (1 - risk.EASED * risk.FLAG_MAX)
    weight = sum(weights)
    total = max(weight + SPEAK_UP_PSEUDO, len(histories) / 4)
    told = sum(w * s for w, s in zip(weights, shares, strict=True))
    r = (told + (total - weight) * built_in) / total
    f = r / (1 - risk.EASED + risk.EASED * r)
    return min(max(f, SPEAK_UP_RANGE[0]), SPEAK_UP_RANGE[1])


def _moments(loglik: np.ndarray, log_prior: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Posterior mean and second moment on `grid`, per client (rows of `loglik`)."""
    log_post = loglik + log_prior[None, :]
    w = np.exp(log_post - log_post.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    return np.column_stack([w @ grid, w @ grid**2])


def _normal_fit(
    loglik: np.ndarray, grid: np.ndarray, mean: float, sd: float, sd_range: tuple[float, float]
) -> tuple[float, float]:
    """EM_STEPS steps of empirical Bayes for a normal prior on `grid`."""
    for _ in range(EM_STEPS):
        log_prior = -0.5 * ((grid - mean) / sd) ** 2
        first, second = _moments(loglik, log_prior, grid).mean(axis=0)
        mean = float(first)
        sd = math.sqrt(max(float(second) - mean**2, 0.0))
        sd = min(max(sd, sd_range[0]), sd_range[1])
    return mean, sd


def _parse_all(requests: Any) -> list:
    if not isinstance(requests, list):
        raise EngineError(f"requests: must be a list of engine requests, got {type(requests)}")
    parsed = []
    for i, request in enumerate(requests):
        try:
            parsed.append(parse_request(request))
        except EngineError as error:
            message = str(error)
            whole = message.startswith("request: ")  # the request itself, not a field
            path = f"requests[{i}]" + ("" if whole else ".")
            raise EngineError(path + message.removeprefix("request")) from None
    return parsed


def fit(requests: list[dict]) -> Population:
    """The population the requests' histories support (see the module docstring)."""
    histories = [r.history for r in _parse_all(requests) if len(r.history) >= MIN_SESSIONS]
    if len(histories) < MIN_CLIENTS:
        return BUILT_IN
    speak_up = _speak_up(histories)
    shift_ll = np.array([risk.shift_loglik(h, speak_up) for h in histories])
    shift_mean, shift_sd = _normal_fit(shift_ll, risk.SHIFT, 0.0, risk.SHIFT_SD, SHIFT_SD_RANGE)
    relief_ll = [relief.loglik(h) for h in histories]
    reported = np.array([ll for ll in relief_ll if ll is not None])
    if len(reported) >= MIN_CLIENTS:
        log_grid = np.log(relief.MULTIPLIER)
        relief_mean, relief_sd = _normal_fit(
            reported, log_grid, 0.0, relief.PRIOR_SD, RELIEF_SD_RANGE
        )
    else:
        relief_mean, relief_sd = BUILT_IN.relief_log_mean, BUILT_IN.relief_log_sd
    return Population(
        clients=len(histories),
        shift_mean=min(max(shift_mean, -2.5), 1.5),
        shift_sd=shift_sd,
        relief_log_mean=min(max(relief_mean, -1.0), 1.0),
        relief_log_sd=relief_sd,
        speak_up=speak_up,
    )


def fit_population(requests: list[dict]) -> dict:
    """Learn a practice's population from many clients' requests (contract v2)."""
    return as_json(fit(requests))
