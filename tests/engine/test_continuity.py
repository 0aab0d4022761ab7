"""Her routine is the starting point: what she tolerated is kept unless a change earns it."""

from __future__ import annotations

import copy

import pytest

from safetouch.engine import grouped_exclusions, recommend
from safetouch.engine.explain import exclusion_line

CALVES = ("calf_left", "calf_right")


def _session(date: str, *, flare: bool | None = False, pressure: int = 4) -> dict:
    items = [
        {"region": r, "technique": "deep_tissue", "pressure": pressure, "minutes": 12}
        for r in CALVES
    ]
    items.append({"region": "upper_back", "technique": "petrissage", "pressure": 3, "minutes": 10})
    session = {"date": date, "items": items, "too_much": []}
    if flare is not None:
        session["flare"] = flare
    return session


def _request(**client) -> dict:
    """The issue's client: calves at 8; deep tissue at 4 on the calves tolerated twice."""
    return {
        "client": {
            "avoid": ["sacroiliac_joint_left", "sacroiliac_joint_right", "lower_back"],
            "banned": [{"technique": "joint_mobilization"}],
            "tightness": {
                "calf_left": 8,
                "calf_right": 8,
                "hamstring_left": 5,
                "upper_back": 6,
                "quadriceps_right": 4,
                "biceps_left": 3,
            },
            **client,
        },
        "history": [
            _session("2026-01-05"),
            _session("2026-01-19"),
            _session("2026-02-02", flare=None),
        ],
        "minutes": 60,
    }


def _by_region(response: dict, key: str = "items") -> dict:
    return {i["region"]: i for i in response[key]}


def test_it_keeps_deep_tissue_on_the_calves_she_tolerated():
    response = recommend(_request())
    items, changes = _by_region(response), _by_region(response, "changes")
    for region in CALVES:
        item, change = items[region], changes[region]
        if item["technique"] == "deep_tissue":
            assert "deep tissue at 4 tolerated in 2 sessions" in item["why"]
            assert change["change"] in ("kept", "deeper")
        else:  # a change must say why, naming what it replaces
            assert change["change"] == "switched" and "instead of deep tissue" in change["reason"]
    assert [items[r]["technique"] for r in CALVES] == ["deep_tissue", "deep_tissue"]


def test_a_kept_item_reads_as_kept_with_its_tolerance():
    change = _by_region(recommend(_request()), "changes")["calf_left"]
    assert change["change"] == "kept"
    assert change["from"] == {"technique": "deep_tissue", "pressure": 4, "minutes": 12}
    assert change["to"]["technique"] == "deep_tissue" and change["to"]["pressure"] == 4
    assert change["reason"].startswith("deep tissue at 4 tolerated in 2 sessions")


def test_a_forced_switch_says_what_forced_it():
    request = _request()
    request["client"]["banned"].append({"technique": "deep_tissue", "region": "calf_left"})
    changes = _by_region(recommend(request), "changes")
    assert changes["calf_left"]["change"] in ("switched", "dropped")
    assert changes["calf_left"]["reason"].startswith("deep tissue is banned by the client")
    assert changes["calf_right"]["technique"] == "deep_tissue"


def test_borrowed_evidence_is_worded_as_borrowed():
    request = _request()
    request["client"]["banned"].append({"technique": "deep_tissue", "region": "calf_left"})
    item = _by_region(recommend(request))["calf_left"]
    assert (
        f"{item['technique'].replace('_', ' ')} at {item['pressure']} not tolerated" in item["why"]
    )
    assert "but deep tissue at 4 was, in 2 sessions" in item["why"]


def test_a_flag_makes_the_next_plan_lighter_or_different_and_says_so():
    request = _request()
    request["history"][-1]["too_much"] = [
        {"region": "calf_left", "technique": "deep_tissue", "pressure": 4}
    ]
    change = _by_region(recommend(request), "changes")["calf_left"]
    assert change["change"] in ("switched", "lighter", "dropped")
    assert "deep tissue was too much at 4 on 2026-02-02" in change["reason"]


def test_a_region_no_longer_tight_is_dropped_with_its_reason():
    request = _request()
    del request["client"]["tightness"]["upper_back"]
    change = _by_region(recommend(request), "changes")["upper_back"]
    assert change["change"] == "dropped" and "to" not in change
    assert change["reason"] == "no tightness reported here now"


def test_a_region_not_worked_last_time_is_new():
    change = _by_region(recommend(_request()), "changes").get("hamstring_left")
    if change is not None:
        assert change["change"] == "new" and "from" not in change


def test_there_are_no_changes_without_a_history():
    request = _request()
    request["history"] = []
    assert "changes" not in recommend(request)


@pytest.mark.parametrize("flare", [True, None])
def test_the_routine_is_the_last_tolerated_session(flare):
    """A later session with a flare or no report does not replace the routine."""
    request = _request()
    later = _session("2026-02-16", flare=flare, pressure=5)
    request["history"].append(later)
    response = recommend(request)
    calf = _by_region(response)["calf_left"]
    assert calf["technique"] == "deep_tissue" and calf["pressure"] <= 5


def test_it_groups_exclusions_by_reason_for_people():
    response = recommend(_request())
    rows = [r for r in response["excluded"] if r["technique"] == "joint_mobilization"]
    assert len(rows) == 6  # the engine keeps one row per pair, for machines
    groups = grouped_exclusions(response["excluded"])
    banned = [g for g in groups if g["technique"] == "joint_mobilization"]
    assert len(banned) == 1 and banned[0]["everywhere"]
    assert exclusion_line(banned[0]) == (
        "Joint mobilization: banned by the client everywhere (all regions)"
    )
    avoid = [g for g in groups if g["technique"] is None and "avoid" in g["reason"]]
    assert exclusion_line(avoid[0]).startswith("Any technique: never touch")


def test_grouping_keeps_every_row():
    response = recommend(_request())
    groups = grouped_exclusions(copy.deepcopy(response["excluded"]))
    assert sum(len(g["regions"]) for g in groups) == len(response["excluded"])


def test_a_switch_that_earns_its_place_is_made_and_said():
    """Lymphatic drainage barely loosens a calf at 8: kneading gains clearly more."""
    request = _request()
    for session in request["history"]:
        for item in session["items"]:
            if item["region"] == "calf_left":
                item.update(technique="lymphatic_drainage", pressure=1)
    response = recommend(request)
    calf = _by_region(response)["calf_left"]
    change = _by_region(response, "changes")["calf_left"]
    assert calf["technique"] != "lymphatic_drainage" and change["change"] == "switched"
    assert change["from"]["technique"] == "lymphatic_drainage"
    name = calf["technique"].replace("_", " ")
    assert change["reason"].startswith(f"{name} instead of lymphatic drainage: more relief")
    assert "but lymphatic drainage at 1 was, in 2 sessions" in calf["why"]
