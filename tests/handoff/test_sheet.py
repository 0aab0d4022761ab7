"""The hand-off sheet page: her limits for a new therapist, readable by those she allowed."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from tests.conftest import client_for
from tests.routine import give_routine


def _sheet(user, client_id, **params):
    return client_for(user).get(reverse("sheet", args=[client_id]), params)


def test_it_shows_her_limits_and_plan(alice, alice_limits):
    with time_machine.travel(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC), tick=False):
        response = _sheet(alice, alice_limits.pk)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Never touch",
        "Left SI joint",
        "Lower back",
        "Right gluteal",
        "at most <strong>2",
    ):
        assert text in html
    assert "Joint mobilization" in html and "anywhere" in html
    assert "Side-lying, pillow between the knees" in html
    assert "Stop and tell me if" in html
    assert "Upper back</strong>, deep tissue: too much at pressure 4 on " in html  # flagged
    assert ": never again" in html
    assert "Today's plan" in html and "Left calf" in html
    assert "Made Fri 20 Nov 2026" in html
    assert html.count("<h1") == 1


def test_her_therapist_with_read_access_sees_it(carol, alice_limits):
    response = _sheet(carol, alice_limits.pk)
    assert response.status_code == 200
    assert "Share with a therapist" not in response.content.decode()


def test_it_refuses_a_stranger(charlie, alice_limits):
    assert _sheet(charlie, alice_limits.pk).status_code == 404
    pdf = client_for(charlie).get(reverse("sheet_pdf", args=[alice_limits.pk]))
    assert pdf.status_code == 404


def test_it_needs_a_login(client, alice_limits):
    response = client.get(reverse("sheet", args=[alice_limits.pk]))
    assert response.status_code == 302


def test_it_refuses_an_unknown_paper_naming_the_field(alice, alice_limits):
    response = client_for(alice).get(reverse("sheet_pdf", args=[alice_limits.pk]), {"paper": "a3"})
    assert response.status_code == 400
    assert response.content.decode().startswith("paper:")


def test_a_client_with_no_limits_gets_a_sheet_that_says_so(alice, alice_profile):
    html = _sheet(alice, alice_profile.pk).content.decode()
    assert "No region is off limits." in html
    assert "Nothing flagged yet." in html


def test_it_shows_what_changed_since_her_last_session(alice, alice_profile):
    give_routine(alice_profile)
    html = _sheet(alice, alice_profile.pk).content.decode()
    plan_part = html.split('id="h-plan"', 1)[1]
    assert "Since her last session" in plan_part
    kept = plan_part.split('change-kept"', 1)[1].split("</p>", 1)[0]
    assert "Left calf" in kept and "Right calf" in kept  # her routine, kept
    assert 'Left forearm</strong> <span class="change-what">effleurage at 2, 5 min' in plan_part
