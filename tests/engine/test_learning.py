"""What the engine learns from a client's history: flags, flares, and careful steps up."""

from __future__ import annotations

import copy

from safetouch.engine import recommend

CLIENT = {
    "avoid": ["sacroiliac_joint_left", "sacroiliac_joint_right", "lower_back"],
    "tightness": {
        "calf_left": 7,
        "calf_right": 6,
        "hamstring_left": 5,
        "quadriceps_right": 4,
        "upper_back": 6,
        "biceps_left": 3,
    },
}


def _done(items: list[dict]) -> list[dict]:
    return [{k: i[k] for k in ("region", "technique", "pressure", "minutes")} for i in items]


def _session(day: int, items: list[dict], **outcome) -> dict:
    return {"date": f"2026-01-{day:02d}", "items": _done(items), "flare": False, **outcome}


def _run(sessions: int, client: dict = CLIENT) -> list[dict]:
    """Follow the engine's plans for a client who tolerates everything."""
    history: list[dict] = []
    for day in range(1, sessions + 1):
        plan = recommend({"client": client, "history": history, "minutes": 60})
        history.append(_session(day, plan["items"]))
    return history


def test_a_flagged_item_is_never_repeated_at_that_pressure_or_above():
    history = _run(4)
    last = history[-1]["items"]
    flagged = max(last, key=lambda i: i["pressure"])
    history[-1]["too_much"] = [
        {k: flagged[k] for k in ("region", "technique", "pressure")},
    ]
    plan = recommend({"client": CLIENT, "history": history, "minutes": 60})
    for item in plan["items"]:
        if (item["region"], item["technique"]) == (flagged["region"], flagged["technique"]):
            assert item["pressure"] < flagged["pressure"]
    reasons = [e["reason"] for e in plan["excluded"] if e["region"] == flagged["region"]]
    assert any(r.startswith(f"too much at pressure {flagged['pressure']} on ") for r in reasons)


def test_an_avoided_region_is_listed_as_never_touch():
    plan = recommend({"client": CLIENT, "minutes": 60})
    excluded = {(e["region"], e["technique"]): e["reason"] for e in plan["excluded"]}
    assert excluded[("lower_back", None)] == "never touch: on the client's avoid list"


def test_a_first_plan_has_items_and_reasons():
    plan = recommend({"client": CLIENT, "minutes": 60})
    assert plan["items"] and all(i["why"].startswith("tightness ") for i in plan["items"])
    assert 0 < plan["flare_risk"] <= 0.05


def test_it_does_not_learn_from_a_copy_it_was_given():
    history = _run(2)
    before = copy.deepcopy(history)
    recommend({"client": CLIENT, "history": history, "minutes": 60})
    assert history == before
