"""The next-session page: the engine's plan, its reasons and what it leaves out."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import client_for
from tests.routine import give_routine


def _page(user, client_id, **params):
    return client_for(user).get(reverse("plan", args=[client_id]), params)


def test_it_shows_the_plan_with_reasons_risk_and_exclusions(alice, alice_history):
    response = _page(alice, alice_history.pk, minutes=45)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Left calf" in html and "tightness 7" in html
    assert "Chance of a joint flare" in html and "within her limit of 5.0%" in html
    assert "Expected relief" in html
    assert "Not in this plan, and why" in html
    assert "Any technique</strong>: never touch: on the client&#x27;s avoid list" in html
    assert html.count("<h1") == 1


def test_the_map_hatches_avoided_regions_and_colours_planned_ones(alice, alice_history):
    response = _page(alice, alice_history.pk, minutes=45)
    plan = response.context["plan"]
    html = response.content.decode()
    assert 'id="plan-lower_back" data-region="lower_back"' in html
    lower_back = html.split('id="plan-lower_back"', 1)[1].split(">", 1)[0]
    assert 'fill="url(#hatch-plan-back)"' in lower_back
    first = plan.items[0]
    rect = html.split(f'id="plan-{first.region}"', 1)[1].split(">", 1)[0]
    from safetouch.planning.selectors import PRESSURE_FILLS

    assert f'fill="{PRESSURE_FILLS[first.pressure][0]}"' in rect


def test_her_therapist_sees_it_and_may_start_it(bob, alice_history):
    html = _page(bob, alice_history.pk).content.decode()
    assert "Start this session" in html


def test_a_read_only_therapist_cannot_start_it(carol, alice_history):
    html = _page(carol, alice_history.pk).content.decode()
    assert "Re-check plan" in html
    assert 'id="start-session"' not in html


def test_it_refuses_a_stranger(charlie, alice_history):
    assert _page(charlie, alice_history.pk).status_code == 404


def test_bad_minutes_are_refused_naming_the_field(alice, alice_history):
    response = _page(alice, alice_history.pk, minutes=500)
    assert response.status_code == 422
    assert "Hands-on minutes: " in response.content.decode()


def test_it_defaults_to_her_last_sessions_minutes(alice, alice_history):
    response = _page(alice, alice_history.pk)
    assert response.context["plan"].minutes == 40


def test_it_shows_the_plan_as_her_last_session_plus_what_changed(alice, alice_profile):
    give_routine(alice_profile)
    response = _page(alice, alice_profile.pk, minutes=45)
    plan = response.context["plan"]
    html = response.content.decode()
    assert "Since her last session" in html and "(Mon 2 Feb 2026)" in html
    calves = {c.region: c for c in plan.changes if c.region.startswith("calf")}
    assert {c.change for c in calves.values()} == {"kept"}
    assert "deep tissue at 4 tolerated in 2 sessions" in calves["calf_left"].reason
    for change in plan.changed:  # every change is shown with its reason
        assert change.reason[:1].upper() + change.reason[1:40] in html.replace("&#x27;", "'")


def test_it_groups_what_it_leaves_out_by_reason(alice, alice_profile):
    give_routine(alice_profile)
    html = _page(alice, alice_profile.pk, minutes=45).content.decode()
    line = "<strong>Joint mobilization</strong>: banned by the client everywhere"
    assert html.count(line) == 1 and "(all regions)" in html


def test_a_client_without_sessions_sees_no_changes(alice, alice_profile):
    from safetouch.clients.services import zone_set

    zone_set(client=alice_profile, region="calf_left", rule="focus")
    html = _page(alice, alice_profile.pk, minutes=45).content.decode()
    assert "Since her last session" not in html and "Left calf" in html
