"""`check(request, items)`, the one judge of hard limits (engine-contract.md, version 2):
each rule by name, and its agreement with what `recommend` plans and leaves out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetouch.engine import EngineError, check, recommend

from .strategies import items, requests

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FLAGGED = {
    "date": "2026-01-05",
    "items": [{"region": "calf_left", "technique": "petrissage", "pressure": 4, "minutes": 10}],
    "too_much": [{"region": "calf_left", "technique": "petrissage", "pressure": 4}],
    "flare": False,
}


def _request(**client) -> dict:
    base = {"tightness": {"calf_left": 7, "gluteal_left": 6, "upper_back": 6}}
    return {"client": {**base, **client}, "history": [FLAGGED], "minutes": 60}


def _item(region="calf_left", technique="effleurage", pressure=3, minutes=10) -> dict:
    return {"region": region, "technique": technique, "pressure": pressure, "minutes": minutes}


@pytest.mark.parametrize(
    ("client", "item", "rule", "words"),
    [
        ({"avoid": ["lower_back"]}, _item("lower_back", "effleurage", 1), "avoid", "never touch"),
        ({"max_pressure": {"calf_left": 2}}, _item(), "max_pressure", "cap of 2"),
        ({"banned": [{"technique": "effleurage"}]}, _item(), "banned", "everywhere"),
        (
            {"banned": [{"technique": "effleurage", "region": "calf_left"}]},
            _item(),
            "banned",
            "banned by the client",
        ),
        ({}, _item(technique="petrissage", pressure=4), "too_much", "never again"),
        ({}, _item(technique="petrissage", pressure=2), "too_much", "never again"),
        ({}, _item("gluteal_left", "trigger_point", 4), "si_caution", "SI caution"),
        ({}, _item("sacroiliac_joint_left", "effleurage", 1), "si_caution", "never massaged"),
        ({}, _item(technique="effleurage", pressure=5), "technique_range", "1 to 3, not 5"),
        ({}, _item(minutes=61), "minutes", "61 minutes; the session has 60"),
        ({}, _item(minutes=0), "minutes", "more than 0 minutes"),
    ],
)
def test_it_names_each_broken_rule(client, item, rule, words):
    refusals = check(_request(**client), [item])
    assert [(r["index"], r["rule"]) for r in refusals] == [(0, rule)]
    assert words in refusals[0]["reason"]
    assert {k: refusals[0][k] for k in ("region", "technique", "pressure")} == {
        k: item[k] for k in ("region", "technique", "pressure")
    }


def test_it_refuses_nothing_within_her_limits():
    assert check(_request(), [_item(), _item("upper_back", "effleurage", 2, 20)]) == []


def test_the_gluteal_and_hip_flexor_plan_of_issue_12_is_refused():
    adjusted = [
        _item("gluteal_left", "trigger_point", 4, 10),
        _item("hip_flexor_left", "joint_mobilization", 4, 10),
    ]
    assert [r["rule"] for r in check(_request(), adjusted)] == ["si_caution", "si_caution"]


def test_lighter_ok_allows_the_pair_only_below_the_flagged_pressure():
    lighter = _request(lighter_ok=[{"region": "calf_left", "technique": "petrissage"}])
    assert check(lighter, [_item(technique="petrissage", pressure=4)])[0]["rule"] == "too_much"
    assert check(lighter, [_item(technique="petrissage", pressure=3)]) == []


def _tolerated_then_flagged(**client) -> dict:
    done = {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10}
    sessions = [
        {"date": f"2026-01-{day:02d}", "items": [done], "flare": False} for day in (5, 12, 19)
    ]
    flagged = {**done, "pressure": 4}
    sessions.append(
        {
            "date": "2026-01-26",
            "items": [flagged],
            "too_much": [{k: flagged[k] for k in ("region", "technique", "pressure")}],
            "flare": False,
        }
    )
    base = {"tightness": {"calf_left": 8}}
    return {"client": {**base, **client}, "history": sessions, "minutes": 30}


def test_recommend_never_plans_a_flagged_pair_again_not_even_lighter():
    planned = recommend(_tolerated_then_flagged())
    assert planned["items"], "the calf is still worked, with another technique"
    assert all(i["technique"] != "petrissage" for i in planned["items"])
    reasons = [e["reason"] for e in planned["excluded"] if e["technique"] == "petrissage"]
    assert reasons == ["too much at pressure 4 on 2026-01-26: never again"]


def test_recommend_tries_it_lighter_only_when_she_said_so():
    lighter = [{"region": "calf_left", "technique": "petrissage"}]
    planned = recommend(_tolerated_then_flagged(lighter_ok=lighter))
    same = [i for i in planned["items"] if i["technique"] == "petrissage"]
    assert all(i["pressure"] < 4 for i in same)


def test_the_minutes_refusal_falls_on_the_item_that_goes_over():
    refusals = check(_request(), [_item(minutes=30), _item("upper_back", minutes=31)])
    assert [(r["index"], r["rule"]) for r in refusals] == [(1, "minutes")]


@pytest.mark.parametrize(
    ("item", "path"),
    [
        (_item(region="tail"), "items[0].region: "),
        (_item(technique="karate"), "items[0].technique: "),
        (_item(pressure="3"), "items[0].pressure: "),
        (_item(minutes=None), "items[0].minutes: "),
        ({"region": "calf_left"}, "items[0].technique: "),
        ("calf", "items[0]: "),
    ],
)
def test_a_malformed_item_is_an_error_naming_it(item, path):
    with pytest.raises(EngineError, match=r"^" + path.replace("[", r"\[").replace("]", r"\]")):
        check(_request(), [item])


def test_a_bad_request_is_an_error_naming_the_field():
    with pytest.raises(EngineError, match=r"^client\.lighter_ok\[0\]\.region: "):
        check(_request(lighter_ok=[{"region": "tail", "technique": "effleurage"}]), [])


@PROPERTY
@given(requests())
def test_every_item_recommend_returns_passes_check(request):
    assert check(request, recommend(request)["items"]) == []


_RULE_OF = {"never touch": "avoid", "banned by": "banned", "too much at": "too_much"}


def _expected_rule(reason: str) -> str | None:
    if reason.startswith(("SI caution", "never massaged")):
        return "si_caution"
    return next((rule for words, rule in _RULE_OF.items() if reason.startswith(words)), None)


@PROPERTY
@given(requests(), st.sampled_from(["effleurage", "petrissage", "deep_tissue"]))
def test_check_refuses_what_recommend_leaves_out_in_the_same_words(request, any_technique):
    flags = {}
    for session in request.get("history", []):
        for f in session["too_much"]:
            key = (f["region"], f["technique"])
            flags[key] = min(flags.get(key, 5), f["pressure"])
    for entry in recommend(request)["excluded"]:
        rule = _expected_rule(entry["reason"])
        if rule is None:  # a risk estimate, not a hard limit
            continue
        technique = entry["technique"] or any_technique
        pressure = flags.get((entry["region"], technique), 1)
        refusals = check(request, [_item(entry["region"], technique, pressure, 10)])
        said = {r["rule"]: r["reason"] for r in refusals}
        assert rule in said
        # A ban on the region and everywhere may be worded either way; the rest match.
        assert rule == "banned" or said[rule] == entry["reason"]


@PROPERTY
@given(requests(), st.lists(items(), max_size=6))
def test_what_check_refuses_for_a_pair_recommend_never_plans(request, tried):
    refused = {
        (r["region"], r["technique"], r["pressure"])
        for r in check(request, tried)
        if r["rule"] != "minutes"
    }
    for item in recommend(request)["items"]:
        assert (item["region"], item["technique"], item["pressure"]) not in refused
