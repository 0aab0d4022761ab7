"""'Start this session': the session log, pre-filled from the (adjusted) plan."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from safetouch.treatments.models import MassageSession
from tests.conftest import client_for
from tests.planning.test_plan_check import _plan, _post_data

TODAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _start(user, client_id, data):
    return client_for(user).post(reverse("plan_start", args=[client_id]), data)


def test_it_logs_todays_session_with_the_plans_items(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    with time_machine.travel(TODAY, tick=False):
        response = _start(alice, alice_history.pk, _post_data(plan, pressure=2))
    session = MassageSession.objects.get(date=TODAY.date())
    assert response.status_code == 302
    assert response["Location"] == reverse("session_detail", args=[alice_history.pk, session.pk])
    items = list(session.items.order_by("id"))
    assert [(i.region, i.technique, i.minutes) for i in items] == [
        (i.region, i.technique, i.minutes) for i in plan.items
    ]
    assert items[0].pressure == 2  # her adjustment, not the engine's
    assert session.minutes == plan.minutes
    assert session.position == alice_history.position
    assert not any(i.too_much for i in items)


def test_her_therapist_may_start_it_and_is_named_on_it(bob, alice_history):
    from safetouch.clients.models import Therapist

    Therapist.objects.create(client=alice_history, name="Bob B.", user=bob)
    plan = _plan(bob, alice_history.pk).context["plan"]
    assert _start(bob, alice_history.pk, _post_data(plan)).status_code == 302
    assert MassageSession.objects.latest("id").therapist.name == "Bob B."


def test_a_refused_plan_is_not_logged(alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    before = MassageSession.objects.count()
    response = _start(alice, alice_history.pk, _post_data(plan, region="sacroiliac_joint_left"))
    assert response.status_code == 422
    assert "Never touch: Left SI joint, " in response.content.decode()
    assert MassageSession.objects.count() == before


def test_a_read_only_therapist_cannot_start_it(carol, alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    assert _start(carol, alice_history.pk, _post_data(plan)).status_code == 404


def test_it_refuses_a_stranger(charlie, alice, alice_history):
    plan = _plan(alice, alice_history.pk).context["plan"]
    assert _start(charlie, alice_history.pk, _post_data(plan)).status_code == 404
