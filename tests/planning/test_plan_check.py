"""Adjusting an item: re-checked against her hard limits, its risk re-estimated."""

from __future__ import annotations

from django.urls import reverse

from safetouch.treatments.models import MassageSession
from tests.conftest import client_for


def _plan(user, client_id, minutes=45):
    return client_for(user).get(reverse("plan", args=[client_id]), {"minutes": minutes})


def _post_data(plan, **changes) -> dict:
    """The form the page posts: every item, with `changes` applied to item 0."""
    data = {
        "minutes": plan.minutes,
        "item-TOTAL_FORMS": len(plan.items),
        "item-INITIAL_FORMS": len(plan.items),
        "item-MIN_NUM_FORMS": 0,
        "item-MAX_NUM_FORMS": 40,
    }
    for n, item in enumerate(plan.items):
        for field in ("region", "technique", "pressure", "minutes", "why"):
            data[f"item-{n}-{field}"] = getattr(item, field)
        data[f"item-{n}-was"] = item.key
    for field, value in changes.items():
        data[f"item-0-{field}"] = value
    return data


def _check(user, client_id, data, htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client_for(user).post(reverse("plan_check", args=[client_id]), data, **headers)


def test_an_unchanged_plan_rechecks_to_the_same_risk(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan))
    assert response.status_code == 200
    checked = response.context["plan"]
    assert checked.flare_risk == plan.flare_risk
    assert checked.expected_relief == plan.expected_relief
    assert "Adjusted plan re-checked" in response.content.decode()


def test_a_deeper_item_is_re_estimated(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    calf = next(n for n, i in enumerate(plan.items) if i.region == "calf_right")
    data = _post_data(plan)
    data[f"item-{calf}-technique"] = "deep_tissue"
    data[f"item-{calf}-pressure"] = 5
    response = _check(alice, alice_history.pk, data)
    assert response.status_code == 200
    assert response.context["plan"].flare_risk > plan.flare_risk


def test_moving_an_item_onto_a_never_touch_zone_is_refused(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan, region="lower_back"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Refused" in html
    assert "Never touch: Lower back, " in html and "on the client&#x27;s avoid list" in html
    assert response.context["plan"].flare_risk is None
    assert 'id="start-session"' not in html


def test_a_changed_item_says_what_the_planner_had_proposed(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    first = plan.items[0]
    response = _check(alice, alice_history.pk, _post_data(plan, pressure=1))
    html = response.content.decode()
    assert "Changed by hand; the planner proposed " + first.region_name.lower() in html
    assert f"at pressure {first.pressure} for {first.minutes} min" in html
    assert response.context["plan"].items[1].reason == plan.items[1].why


def test_the_adjusted_plan_still_says_what_is_left_out(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    html = _check(alice, alice_history.pk, _post_data(plan, pressure=1)).content.decode()
    assert "Not in this plan, and why" in html


def test_a_tampered_planned_item_is_refused(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan, was="nowhere|petrissage|3|5"))
    assert response.status_code == 422


def test_going_over_a_cap_is_refused(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    data = _post_data(plan, region="upper_back", technique="petrissage", pressure=4)
    response = _check(alice, alice_history.pk, data)
    assert response.status_code == 422
    assert (
        "Pressure cap: Upper back, petrissage at pressure 4: pressure 4 is above the "
        "client&#x27;s cap of 3 here"
    ) in response.content.decode()


def test_a_banned_technique_is_refused(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan, technique="joint_mobilization"))
    assert response.status_code == 422
    assert "Banned technique: " in response.content.decode()


def test_what_was_too_much_is_refused_at_that_pressure(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    data = _post_data(plan, region="hamstring_left", technique="friction", pressure=4)
    response = _check(alice, alice_history.pk, data)
    assert response.status_code == 422
    assert (
        "Too much before: Left hamstring, friction at pressure 4: too much at pressure 4 "
        "on 2026-10-01: never again"
    ) in response.content.decode()


def test_too_many_minutes_are_refused(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan, minutes=120))
    assert response.status_code == 422
    assert "the session has 45" in response.content.decode()


def test_leaving_an_item_out_lowers_the_minutes(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    data = _post_data(plan)
    data["item-0-DELETE"] = "on"
    checked = _check(alice, alice_history.pk, data).context["plan"]
    assert len(checked.items) == len(plan.items) - 1
    assert checked.total_minutes == plan.total_minutes - plan.items[0].minutes


def test_bad_input_names_the_field(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan, pressure=9))
    assert response.status_code == 422
    assert "Pressure: Select a valid choice." in response.content.decode()


def test_htmx_gets_the_plan_partial(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    response = _check(alice, alice_history.pk, _post_data(plan), htmx=True)
    html = response.content.decode()
    assert html.startswith('<div id="plan"')
    assert "<h1" not in html


def test_checking_saves_nothing(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    before = MassageSession.objects.count()
    _check(alice, alice_history.pk, _post_data(plan))
    assert MassageSession.objects.count() == before


def test_it_refuses_a_stranger(charlie, alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    assert _check(charlie, alice_history.pk, _post_data(plan)).status_code == 404


def test_the_si_cautions_of_issue_12_refuse_the_plan_and_it_cannot_be_started(
    alice, alice_history
):
    plan = _plan(alice, alice_history.pk).context["plan"]
    data = _post_data(plan, region="gluteal_left", technique="trigger_point", pressure=4)
    data["item-1-region"], data["item-1-technique"] = "hip_flexor_left", "joint_mobilization"
    data["item-1-pressure"] = 4
    response = _check(alice, alice_history.pk, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "SI caution: Left gluteal, trigger point at pressure 4: " in html
    assert "Left hip flexor, joint mobilization at pressure 4" in html
    before = MassageSession.objects.count()
    started = client_for(alice).post(reverse("plan_start", args=[alice_history.pk]), data)
    assert started.status_code == 422
    assert MassageSession.objects.count() == before
