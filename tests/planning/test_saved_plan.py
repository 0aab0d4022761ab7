"""An adjusted plan, saved, is her next-session plan everywhere (page, sheet, share link,
API, FHIR CarePlan), marked who adjusted it, until someone goes back to the engine's;
and every place plans for her usual session length."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from safetouch.clients.services import zone_set
from safetouch.handoff.services import share_link_create
from safetouch.planning.models import SavedPlan
from safetouch.planning.selectors import default_minutes, engine_request, plan_for
from safetouch.portability import fhir
from tests.conftest import client_for
from tests.planning.test_plan_check import _plan, _post_data

SAVED_ON = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _save(user, client_id, data):
    with time_machine.travel(SAVED_ON, tick=False):
        return client_for(user).post(reverse("plan_save", args=[client_id]), data)


def _saved_by_bob(bob, alice_history):
    plan = _plan(bob, alice_history.pk).context["plan"]
    first = plan.items[0]
    response = _save(bob, alice_history.pk, _post_data(plan, pressure=2, minutes=7))
    assert response.status_code == 302
    return first


def test_a_saved_plan_is_the_next_plan_on_the_page(bob, alice_history):
    first = _saved_by_bob(bob, alice_history)
    page = client_for(bob).get(reverse("plan", args=[alice_history.pk]))
    plan = page.context["plan"]
    assert (plan.items[0].region, plan.items[0].pressure, plan.items[0].minutes) == (
        first.region,
        2,
        7,
    )
    assert "Adjusted by Bob on 23 November 2026" in page.content.decode()


def test_the_sheet_the_share_link_the_api_and_fhir_show_it_too(bob, alice, alice_history):
    first = _saved_by_bob(bob, alice_history)
    sheet = client_for(bob).get(reverse("sheet", args=[alice_history.pk])).content.decode()
    assert "Adjusted by Bob on 23 November 2026." in sheet
    _, token = share_link_create(client=alice_history, therapist_name="Dana", days=7)
    shared = Client().get(reverse("shared", args=[token])).content.decode()
    assert "Adjusted by Bob on 23 November 2026." in shared
    api = client_for(alice).get(f"/api/v1/clients/{alice_history.pk}/plan").json()
    assert api["adjusted"]["by"] == "Bob"
    assert (api["items"][0]["pressure"], api["items"][0]["minutes"]) == (2, 7)
    data = fhir.bundle_json(alice_history, now=dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    proposals = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "ServiceRequest"
        and e["resource"].get("intent") == "proposal"
    ]
    values = {x["url"]: x for x in proposals[0]["extension"][0]["extension"]}
    assert proposals[0]["bodySite"][0]["coding"][-1]["code"] == first.region
    assert (values["pressure"]["valueInteger"], values["minutes"]["valueInteger"]) == (2, 7)


def test_back_to_the_engines_plan_undoes_it(bob, alice_history):
    url = reverse("plan", args=[alice_history.pk])
    engine = client_for(bob).get(url).context["plan"]
    _saved_by_bob(bob, alice_history)
    reset = client_for(bob).post(reverse("plan_reset", args=[alice_history.pk]))
    assert reset.status_code == 302
    assert not SavedPlan.objects.exists()
    page = client_for(bob).get(reverse("plan", args=[alice_history.pk]))
    assert page.context["plan"].items == engine.items
    assert "Adjusted by" not in page.content.decode()


def test_a_plan_against_her_limits_is_not_saved(bob, alice_history):
    plan = _plan(bob, alice_history.pk).context["plan"]
    data = _post_data(plan, region="sacroiliac_joint_left")
    assert _save(bob, alice_history.pk, data).status_code == 422
    assert not SavedPlan.objects.exists()


def test_a_saved_plan_her_limits_now_forbid_gives_way_to_the_engines(bob, alice_history):
    first = _saved_by_bob(bob, alice_history)
    zone_set(client=alice_history, region=first.region, rule="avoid")
    page = client_for(bob).get(reverse("plan", args=[alice_history.pk]))
    assert page.context["plan"].saved_dropped
    assert first.region not in {i.region for i in page.context["plan"].items}
    assert "breaks her limits as they are now" in page.content.decode()


def test_a_reader_may_not_save_or_reset(carol, bob, alice_history):
    plan = _plan(bob, alice_history.pk).context["plan"]
    assert _save(carol, alice_history.pk, _post_data(plan)).status_code == 404
    _saved_by_bob(bob, alice_history)
    reset = client_for(carol).post(reverse("plan_reset", args=[alice_history.pk]))
    assert reset.status_code == 404
    assert SavedPlan.objects.exists()


def test_the_api_plans_for_her_usual_session_length_like_the_page(alice, alice_history):
    minutes = default_minutes(alice_history)
    api = client_for(alice).get(f"/api/v1/clients/{alice_history.pk}/plan").json()
    assert api == plan_for(engine_request(alice_history, minutes))
    page = client_for(alice).get(reverse("plan", args=[alice_history.pk]))
    assert page.context["plan"].minutes == minutes
