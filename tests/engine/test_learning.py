"""What the engine learns from a client's history: flags, flares, and careful steps up."""

from __future__ import annotations

import copy
import math

import numpy as np

from safetouch import engine
from safetouch.engine import planner, population, recommend, relief, risk
from safetouch.engine.assess import assess
from safetouch.engine.validate import parse_request

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


def _planned_risk(request: dict, items: list[dict]) -> float:
    """The engine's own estimate, given `request`'s history, of the risk of `items`."""
    post = risk.fit(parse_request(request).history)
    hazard = sum(
        post.mean_hazard(i["region"], i["technique"], i["pressure"], i["minutes"]) for i in items
    )
    return -math.expm1(-hazard)


def test_a_flare_lowers_the_planned_risk_next_time():
    history = _run(3)
    calm = recommend({"client": CLIENT, "history": history, "minutes": 60})
    flared = copy.deepcopy(history)
    flared[-1]["flare"] = True
    after = {"client": CLIENT, "history": flared, "minutes": 60}
    plan = recommend(after)
    assert _planned_risk(after, plan["items"]) < _planned_risk(after, calm["items"])
    assert plan["flare_risk"] < calm["flare_risk"] or plan["items"] != calm["items"]


def test_after_a_flare_no_region_goes_deeper():
    history = _run(3)
    flared = copy.deepcopy(history)
    flared[-1]["flare"] = True
    plan = recommend({"client": CLIENT, "history": flared, "minutes": 60})
    before = {i["region"]: i["pressure"] for s in history for i in s["items"]}
    for item in plan["items"]:
        assert item["pressure"] <= max(before.get(item["region"], 2), 2)


def test_a_tolerated_region_is_explored_upward_one_step_at_a_time():
    history: list[dict] = []
    climbed = False
    for day in range(1, 10):
        plan = recommend({"client": CLIENT, "history": history, "minutes": 60})
        tolerated: dict[str, int] = {}
        for session in history:
            for item in session["items"]:
                tolerated[item["region"]] = max(tolerated.get(item["region"], 0), item["pressure"])
        for item in plan["items"]:
            known = tolerated.get(item["region"])
            assert item["pressure"] <= (known + 1 if known else 2)
            climbed |= known is not None and item["pressure"] == known + 1
        history.append(_session(day, plan["items"]))
    assert climbed, "a client who tolerates everything should be offered a step up"


def test_it_starts_a_new_client_light():
    plan = recommend({"client": CLIENT, "minutes": 60})
    assert all(item["pressure"] <= 2 for item in plan["items"])


def test_a_higher_risk_tolerance_never_plans_less_relief():
    careful = {**CLIENT, "risk_tolerance": 0.01}
    bolder = {**CLIENT, "risk_tolerance": 0.2}
    history = _run(4)
    low = recommend({"client": careful, "history": history, "minutes": 60})
    high = recommend({"client": bolder, "history": history, "minutes": 60})
    assert high["expected_relief"] >= low["expected_relief"] - 0.05


def test_the_why_says_what_the_client_tolerated_or_what_went_wrong():
    history = _run(3)
    history[-1]["flare"] = True
    plan = recommend({"client": CLIENT, "history": history[:-1], "minutes": 60})
    assert any(" tolerated in " in i["why"] for i in plan["items"])
    flared = {
        "client": {**CLIENT, "tightness": {"calf_left": 7}},
        "history": [
            _session(
                5,
                [
                    {
                        "region": "calf_left",
                        "technique": "deep_tissue",
                        "pressure": 4,
                        "minutes": 10,
                    }
                ],
                flare=True,
            )
        ],
        "minutes": 30,
    }
    (item,) = recommend(flared)["items"]
    assert item["why"].startswith("tightness 7; a flare followed deep tissue at 4 on 2026-01-05")


def _offset_history(flag_technique: str | None) -> tuple:
    """Six sessions of petrissage at 3 and friction at 2 on the calves, all tolerated,
    then friction at 2 flagged on both calves (when `flag_technique` is friction)."""
    sessions = []
    for day in range(1, 8):
        items = [
            {"region": r, "technique": t, "pressure": p, "minutes": 10}
            for r in ("calf_left", "calf_right")
            for t, p in (("petrissage", 3), ("friction", 2))
        ]
        flags = []
        if day >= 6 and flag_technique:
            flags = [
                {"region": r, "technique": flag_technique, "pressure": 2}
                for r in ("calf_left", "calf_right")
            ]
        sessions.append(_session(day, items, too_much=flags))
    request = {"client": CLIENT, "history": sessions, "minutes": 60}
    return parse_request(request).history


def test_a_technique_flagged_below_what_her_other_work_tolerates_gets_a_higher_load():
    post = risk.fit(_offset_history("friction"))
    assert post.offset.get("friction", 0.0) > 0.2
    assert "petrissage" not in post.offset  # never flagged, never flared: no offset
    assert post.effective("friction", 2) > risk.effective_pressure("friction", 2)


def test_without_flags_or_flares_no_technique_has_an_offset():
    post = risk.fit(_offset_history(None))
    assert post.offset == {}
    assert post.effective("friction", 2) == risk.effective_pressure("friction", 2)


def test_the_offset_stays_within_its_grid():
    history = _offset_history("friction")
    post = risk.fit(history)
    assert all(risk.OFFSETS[0] <= d <= risk.OFFSETS[-1] for d in post.offset.values())


RELIEF_ITEMS = [
    {"region": r, "technique": "petrissage", "pressure": 3, "minutes": 10}
    for r in ("calf_left", "upper_back")
]
RELIEF_CLIENT = {"tightness": {"calf_left": 6, "upper_back": 6, "hamstring_left": 6}}


def _relief_request(sessions: int, calf_reports: int | None = None, minutes: int = 60) -> dict:
    """The same work on her left calf and upper back every session, both at tightness 6
    before; the day after the calf is at 3 (half gone) and the back at 5.5 (8% gone).
    The calf is reported in the last `calf_reports` sessions only (all by default)."""
    calf_reports = sessions if calf_reports is None else calf_reports
    history = []
    for day in range(1, sessions + 1):
        before, after = {"upper_back": 6}, {"upper_back": 5.5}
        if day > sessions - calf_reports:
            before["calf_left"], after["calf_left"] = 6, 3
        history.append(_session(day, RELIEF_ITEMS, tightness_before=before, tightness_after=after))
    return {"client": RELIEF_CLIENT, "history": history, "minutes": minutes}


def test_a_region_that_loosens_faster_gets_a_higher_rate_and_the_plan_counts_on_it():
    request = _relief_request(6, minutes=15)
    rates = population.relief_rates(parse_request(request))
    assert rates.of("calf_left") > 1.3 * rates.overall
    assert rates.of("upper_back") < rates.overall
    ctx = engine._context(request)
    chosen = {c.region: c for c in planner.solve(ctx, planner.candidates(ctx))}
    calf = chosen["calf_left"]
    dose = relief.dose(calf.technique, calf.pressure, calf.minutes)
    assert calf.relief == 6 * relief.share(dose, rates.of("calf_left"))
    assert calf.relief > 6 * relief.share(dose, rates.overall)
    # Fifteen minutes, two regions equally tight: the calf, which loosens faster, gets
    # the larger share of them.
    minutes = {i["region"]: i["minutes"] for i in recommend(request)["items"]}
    assert minutes["calf_left"] > minutes.get("upper_back", 0)


def test_a_region_she_never_reported_on_gets_her_overall_rate():
    request = _relief_request(6)
    rates = population.relief_rates(parse_request(request))
    assert "hamstring_left" not in rates.by_region
    assert rates.of("hamstring_left") == rates.overall
    assert rates.overall == relief.fit_rates(parse_request(request).history).overall
    assert engine._context(request).rates.of("hamstring_left") == rates.overall
    item = {"region": "hamstring_left", "technique": "petrissage", "pressure": 3, "minutes": 10}
    share = relief.share(relief.dose("petrissage", 3, 10), rates.overall)
    assert assess(request, [item])["expected_relief"] == round(6 * share, 2)
    # No report at all: every region at the prior's mean.
    none = relief.fit_rates(())
    assert none.by_region == {} and none.of("calf_left") == none.overall


def test_a_region_with_fewer_reports_stays_closer_to_her_overall_rate():
    distances = []
    for reports in (1, 2, 4, 8):
        rates = relief.fit_rates(parse_request(_relief_request(8, reports)).history)
        for value in rates.by_region.values():
            assert relief.MULTIPLIER[0] <= value <= relief.MULTIPLIER[-1]
        distances.append(math.log(rates.of("calf_left") / rates.overall))
    assert all(d > 0 for d in distances)
    assert distances == sorted(distances)  # more reports, further from her overall
    assert np.all(np.diff(distances) > 0.01)
    # Even a calf that always loosens more than the curve allows stays on the grid.
    extreme = _relief_request(30)
    for session in extreme["history"]:
        session["tightness_after"]["calf_left"] = 0
    rates = relief.fit_rates(parse_request(extreme).history)
    assert relief.MULTIPLIER[0] <= rates.of("calf_left") <= relief.MULTIPLIER[-1]
    assert rates.of("calf_left") > rates.of("upper_back")
