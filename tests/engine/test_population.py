"""fit_population and `population` (engine-contract.md, "what a practice has learned")."""

from __future__ import annotations

import copy
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.practice import client_request, practice
from safetouch.engine import (
    EngineError,
    check,
    default_population,
    fit_population,
    recommend,
    risk,
)
from safetouch.engine import population as pop
from safetouch.engine.validate import parse_request

from .strategies import items, populations, requests
from .test_validation import GOOD

KEYS = {"version", "clients", "threshold_shift", "relief", "flags"}


# The bound population.py states, per parameter group, for N clients.
BOUNDS = {
    "threshold_shift": lambda n: pop.EM_STEPS * pop.SHIFT_WIDTH / n,
    "relief": lambda n: pop.EM_STEPS * pop.RELIEF_WIDTH / n,
    "flags": lambda n: 4 / n / (1 - pop.risk.EASED),
}


def _parameters(population: dict) -> dict[str, float]:
    return {
        f"{group}.{key}": value
        for group in ("threshold_shift", "relief", "flags")
        for key, value in population[group].items()
    }


def test_below_twenty_clients_it_is_the_built_in_prior():
    nineteen = practice(19, shift=-1.0)
    short = practice(10, shift=-1.0, sessions=2, seed=2)  # fewer than 3 sessions: not counted
    assert fit_population(nineteen + short) == default_population()
    assert default_population()["clients"] == 0


def test_twenty_clients_are_enough():
    fitted = fit_population(practice(20, shift=-1.0))
    assert fitted["clients"] == 20
    assert fitted != default_population()


def test_it_holds_only_population_parameters_and_is_json():
    fitted = fit_population(practice(30))
    assert set(fitted) == KEYS
    assert json.loads(json.dumps(fitted)) == fitted
    assert all(isinstance(v, float) for v in _parameters(fitted).values())
    assert "2026" not in json.dumps(fitted)  # no dates


def test_it_is_deterministic_and_does_not_change_its_input():
    requests = practice(25)
    kept = copy.deepcopy(requests)
    assert fit_population(requests) == fit_population(requests)
    assert requests == kept


def test_it_learns_where_a_practice_sits():
    sensitive = fit_population(practice(40, shift=-1.0))
    robust = fit_population(practice(40, shift=1.0, relief_log=0.4))
    assert sensitive["threshold_shift"]["mean"] < -0.5
    assert robust["threshold_shift"]["mean"] > 0.5
    assert robust["relief"]["log_mean"] > 0.2


def test_a_practice_that_speaks_up_less_is_told_apart():
    speaks = fit_population(practice(120, sessions=8, speak_up=0.8))["flags"]["speak_up"]
    quiet = fit_population(practice(120, sessions=8, speak_up=0.4))["flags"]["speak_up"]
    assert quiet < speaks - 0.1


def _flared_after(region: str, technique: str, pressure: int) -> tuple:
    quiet = {"items": [{"region": region, "technique": technique, "pressure": 1, "minutes": 20}]}
    top = {"region": region, "technique": technique, "pressure": pressure, "minutes": 20}
    request = {
        "client": {"tightness": {region: 6}},
        "history": [{**quiet, "flare": False}] * 2 + [{"items": [top], "flare": True}],
        "minutes": 60,
    }
    return parse_request(request).history


def test_a_flare_of_work_well_within_her_thresholds_says_nothing_of_speaking_up():
    """Its unflagged culprit is not counted as silence: a practice whose clients rarely
    pass a threshold would otherwise look like one that seldom speaks up."""
    explained, flagged = pop._flag_evidence(_flared_after("calf_left", "effleurage", 1))
    assert explained < 0.3 and flagged == 0
    explained, flagged = pop._flag_evidence(_flared_after("gluteal_left", "deep_tissue", 5))
    assert explained > 0.8 and flagged == 0


def test_one_client_cannot_move_a_parameter_by_more_than_the_stated_bound():
    """Change one client's history completely: every parameter moves by at most
    EM_STEPS x (its grid's width) / N, the bound population.py states."""
    n = 40
    requests = practice(n)
    before = _parameters(fit_population(requests))
    for other in (
        client_request(999, shift=-3.0, relief_log=-1.0, sessions=12, seed=9),
        client_request(999, shift=2.0, relief_log=1.0, sessions=12, seed=9),
    ):
        after = _parameters(fit_population([*requests[:-1], other]))
        for name, value in before.items():
            bound = BOUNDS[name.split(".")[0]](n)
            assert abs(after[name] - value) <= bound + 1e-3, name


def test_a_bad_request_is_an_error_naming_it():
    requests = practice(3)
    requests[1]["history"][0]["items"][0]["pressure"] = 7
    with pytest.raises(EngineError, match=r"^requests\[1\]\.history\[0\]\.items\[0\]\.pressure"):
        fit_population(requests)


def test_a_request_that_is_not_an_object_is_an_error_naming_it():
    with pytest.raises(EngineError, match=r"^requests\[2\]: must be an object"):
        fit_population([*practice(2), [1]])


def test_recommend_accepts_a_population_and_the_default_changes_nothing():
    plain = recommend(GOOD)
    assert recommend({**GOOD, "population": default_population()}) == plain
    fitted = fit_population(practice(25, shift=-1.0))
    assert recommend({**GOOD, "population": fitted})["items"]


def test_a_sensitive_population_expects_lower_thresholds():
    sensitive = pop.shift_prior(pop.fit(practice(30, shift=-1.0)))
    robust = pop.shift_prior(pop.fit(practice(30, shift=1.0)))
    history = ()
    low = risk.fit(history, sensitive).quantile("calf_left", 0.5)
    high = risk.fit(history, robust).quantile("calf_left", 0.5)
    assert low < high


def _with(population_change) -> dict:
    population = default_population()
    population_change(population)
    return {**GOOD, "population": population}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda p: p.update(version=2), "population.version"),
        (lambda p: p.update(clients=-1), "population.clients"),
        (lambda p: p.update(clients=True), "population.clients"),
        (lambda p: p.pop("relief"), "population.relief"),
        (lambda p: p.update(extra=1), "population.extra"),
        (lambda p: p["threshold_shift"].update(mean=9), "population.threshold_shift.mean"),
        (lambda p: p["threshold_shift"].update(sd=0), "population.threshold_shift.sd"),
        (lambda p: p["relief"].update(log_sd="wide"), "population.relief.log_sd"),
        (lambda p: p["relief"].update(log_mean=float("nan")), "population.relief.log_mean"),
        (lambda p: p["relief"].update(rows=[1]), "population.relief.rows"),
    ],
)
def test_an_invalid_population_names_its_field(change, path):
    with pytest.raises(EngineError, match="^" + re.escape(path) + ":"):
        recommend(_with(change))


def test_a_population_that_is_not_an_object_is_refused():
    with pytest.raises(EngineError, match=r"^population:"):
        recommend({**GOOD, "population": [1, 2]})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests(), populations(), st.lists(items(), max_size=6))
def test_the_hard_limits_never_depend_on_the_population(request, population, extra):
    """check() refuses exactly the same items with any population or none."""
    request = {k: v for k, v in request.items() if k != "population"}
    judged = [*extra, *({k: i[k] for k in i if k != "why"} for i in recommend(request)["items"])]
    with_population = {**request, "population": population}
    assert check(with_population, judged) == check(request, judged)
