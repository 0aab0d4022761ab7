"""Too much means never again: after a flag, neither the plan page nor the API plans the
pair; only she can say lighter is OK, and then only below the pressure she flagged."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from safetouch.engine.catalog import TECHNIQUES
from safetouch.treatments.services import item_add, session_create
from tests.conftest import client_for


def _web_plan(user, client_id) -> list[tuple[str, str, int]]:
    plan = client_for(user).get(reverse("plan", args=[client_id]), {"minutes": 45})
    assert plan.status_code == 200
    return [(i.region, i.technique, i.pressure) for i in plan.context["plan"].items]


def _api_plan(user, client_id) -> list[tuple[str, str, int]]:
    answer = client_for(user).get(f"/api/v1/clients/{client_id}/plan", {"minutes": 45})
    assert answer.status_code == 200
    return [(i["region"], i["technique"], i["pressure"]) for i in answer.json()["items"]]


def _flag(client, region: str, technique: str, pressure: int) -> None:
    session = session_create(
        client=client, date=dt.date(2026, 10, 29), minutes=45, position="side_lying"
    )
    item_add(
        session=session,
        region=region,
        technique=technique,
        pressure=pressure,
        minutes=10,
        too_much=True,
    )


def _pairs(plan) -> set[tuple[str, str]]:
    return {(region, technique) for region, technique, _ in plan}


def test_after_a_flag_no_plan_holds_the_pair_on_the_web_or_the_api(alice, bob, alice_history):
    # Flagged one step above what the planner proposes: "lighter" would be the same item.
    region, technique, planned = next(
        (r, t, p)
        for r, t, p in _web_plan(alice, alice_history.pk)
        if p < TECHNIQUES[t].pressure_max
    )
    pressure = planned + 1
    _flag(alice_history, region, technique, pressure)
    for user in (alice, bob):
        assert (region, technique) not in _pairs(_web_plan(user, alice_history.pk))
        assert (region, technique) not in _pairs(_api_plan(user, alice_history.pk))
    excluded = client_for(alice).get(f"/api/v1/clients/{alice_history.pk}/plan").json()
    reasons = [e["reason"] for e in excluded["excluded"] if e["technique"] == technique]
    assert f"too much at pressure {pressure} on 2026-10-29: never again" in reasons


def test_lighter_is_ok_lets_it_back_only_below_the_flagged_pressure(alice, alice_history):
    # Flag petrissage on the left calf at the pressure it was tolerated at, so the
    # planner would go straight back to it were it not for the flag.
    _flag(alice_history, "calf_left", "petrissage", 3)
    assert ("calf_left", "petrissage") not in _pairs(_web_plan(alice, alice_history.pk))
    said = client_for(alice).put(
        f"/api/v1/clients/{alice_history.pk}/too-much/calf_left/petrissage",
        {"lighter_ok": True},
        content_type="application/json",
    )
    assert said.status_code == 200 and said.json()["lighter_ok"] is True
    assert "lighter is OK, so below 3 only" in said.json()["reason"]
    for plan in (_web_plan(alice, alice_history.pk), _api_plan(alice, alice_history.pk)):
        for region, technique, pressure in plan:
            if (region, technique) == ("calf_left", "petrissage"):
                assert pressure < 3
