"""The contract's invariants (engine-contract.md, "What always holds") over random requests."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetouch.engine as engine
from safetouch.engine import EngineError, planner, recommend, risk, rules
from safetouch.engine.catalog import TECHNIQUES

from .strategies import requests

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


CHANGE_KEYS = {"region", "technique", "change", "from", "to", "reason"}
CHANGE_KINDS = {"kept", "lighter", "deeper", "new", "dropped", "switched"}


def _flags(request: dict) -> list[dict]:
    return [f for s in request.get("history", []) for f in s.get("too_much", [])]


@PROPERTY
@given(requests())
def test_it_never_plans_an_avoided_region(request):
    avoid = set(request["client"]["avoid"])
    assert not [i for i in recommend(request)["items"] if i["region"] in avoid]


@PROPERTY
@given(requests())
def test_it_never_goes_above_a_pressure_cap(request):
    caps = request["client"]["max_pressure"]
    for item in recommend(request)["items"]:
        assert item["pressure"] <= caps.get(item["region"], 5)


@PROPERTY
@given(requests())
def test_it_never_uses_a_banned_technique(request):
    for item in recommend(request)["items"]:
        for ban in request["client"]["banned"]:
            if ban["technique"] == item["technique"]:
                assert ban.get("region") not in (None, item["region"])


@PROPERTY
@given(requests())
def test_it_never_repeats_what_was_too_much(request):
    lighter = {(p["region"], p["technique"]) for p in request["client"].get("lighter_ok", [])}
    for item in recommend(request)["items"]:
        pair = (item["region"], item["technique"])
        for flag in _flags(request):
            if (flag["region"], flag["technique"]) == pair:
                assert pair in lighter and item["pressure"] < flag["pressure"]


@PROPERTY
@given(requests())
def test_it_fits_the_plan_in_the_minutes(request):
    assert sum(i["minutes"] for i in recommend(request)["items"]) <= request["minutes"]


@PROPERTY
@given(requests())
def test_the_same_request_gives_the_same_response(request):
    first = recommend(copy.deepcopy(request))
    again = recommend(json.loads(json.dumps(request)))
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


@PROPERTY
@given(requests())
def test_it_answers_in_the_contract_shape(request):
    response = recommend(request)
    shape = {"items", "excluded", "flare_risk", "expected_relief"}
    assert set(response) == shape | ({"changes"} if request.get("history") else set())
    assert 0 <= response["flare_risk"] < 1 and response["expected_relief"] >= 0
    for item in response["items"]:
        assert set(item) == {"region", "technique", "pressure", "minutes", "why"}
        tech = TECHNIQUES[item["technique"]]
        assert tech.pressure_min <= item["pressure"] <= tech.pressure_max
        assert isinstance(item["minutes"], int) and item["minutes"] > 0 and item["why"]
    for entry in response["excluded"]:
        assert set(entry) == {"region", "technique", "reason"} and entry["reason"]
    for change in response.get("changes", []):
        assert {"region", "technique", "change", "reason"} <= set(change) <= CHANGE_KEYS
        assert change["change"] in CHANGE_KINDS and change["reason"]
    json.dumps(response)


def _break(request: dict, data) -> str:
    """Break one rule somewhere in `request`; return the path the error must start with."""
    history = request.get("history", [])
    choices = ["minutes", "tolerance", "avoid", "tightness"]
    if [s for s in history if s["items"]]:
        choices += ["item_pressure", "item_region"]
    if "population" in request:
        choices.append("population")
    kind = data.draw(st.sampled_from(choices))
    if kind == "population":
        bad = data.draw(st.sampled_from([0, 2.5, -1, True, "wide", None]))
        request["population"]["threshold_shift"]["sd"] = bad
        return "population.threshold_shift.sd: "
    if kind == "minutes":
        request["minutes"] = data.draw(st.sampled_from([0, 9, 181, 60.5, True, "60", None]))
        return "minutes: "
    if kind == "tolerance":
        request["client"]["risk_tolerance"] = data.draw(st.sampled_from([0, 1, -0.1, 2, False]))
        return "client.risk_tolerance: "
    if kind == "avoid":
        request["client"]["avoid"] = [*request["client"]["avoid"], "left_elbow_tip"]
        return f"client.avoid[{len(request['client']['avoid']) - 1}]: "
    if kind == "tightness":
        request["client"]["tightness"]["calf_left"] = data.draw(st.sampled_from([-1, 11, True]))
        return "client.tightness.calf_left: "
    s = data.draw(st.sampled_from([i for i, x in enumerate(history) if x["items"]]))
    j = data.draw(st.integers(0, len(history[s]["items"]) - 1))
    if kind == "item_pressure":
        history[s]["items"][j]["pressure"] = data.draw(st.sampled_from([0, 6, 7, 2.5, True]))
        return f"history[{s}].items[{j}].pressure: "
    history[s]["items"][j]["region"] = "tail"
    return f"history[{s}].items[{j}].region: "


@PROPERTY
@given(requests(), st.data())
def test_a_request_that_breaks_a_rule_names_the_field(request, data):
    path = _break(request, data)
    try:
        recommend(request)
    except EngineError as exc:
        assert str(exc).startswith(path), (str(exc), path)
        assert isinstance(exc, ValueError)
    else:
        raise AssertionError(f"no EngineError for {path}")


@PROPERTY
@given(requests())
def test_every_listed_region_left_out_of_the_plan_has_its_reason(request):
    response = recommend(request)
    planned = {i["region"] for i in response["items"]}
    explained = {e["region"] for e in response["excluded"] if e["technique"] is None}
    for region in request["client"]["tightness"]:
        assert region in planned or region in explained, region


@PROPERTY
@given(requests())
def test_every_reason_starts_with_the_tightness_figure_it_planned_for(request):
    # The product names the figure's source (a check-in, a session's rating) by finding
    # exactly this figure at the start of `why` (records/engine_request.with_source):
    # a reason that words it otherwise would lose its source without a sound.
    for item in recommend(request)["items"]:
        figure = f"tightness {request['client']['tightness'][item['region']]:g}"
        assert item["why"] == figure or item["why"].startswith(figure + "; "), item["why"]


@PROPERTY
@given(requests())
def test_every_plan_keeps_within_the_risk_bound_and_one_step_above_what_was_tolerated(request):
    # The 85% upper credible bound of the plan's flare hazard stays within her tolerance
    # (half of it after a flare), whatever the population or the exploring step; and no
    # item goes more than one pressure step above what its region tolerated.
    ctx = engine._context(request)
    post, upper = ctx.posterior, 0.0
    for item in recommend(request)["items"]:
        region, technique, pressure = item["region"], item["technique"], item["pressure"]
        bound = post.quantile(region, 1.0 - planner.CREDIBLE)
        p_eff = post.effective(technique, pressure)
        upper += float(risk.hazard(p_eff, bound, item["minutes"], post.flag_max))
        assert pressure <= rules.step_limit(ctx.request, ctx.limits, region)
    assert upper <= ctx.budget * (1 + 1e-6)
