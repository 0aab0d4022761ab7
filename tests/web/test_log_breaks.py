"""Logging what broke her limits: warned before saving, saved only when confirmed, and
then marked in her history, on the session and on the hand-off sheet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safetouch.clients.services import zone_set
from safetouch.treatments.models import SessionItem
from tests.conftest import client_for

ON_NEVER_TOUCH = {
    "region": "lower_back",
    "technique": "effleurage",
    "pressure": "2",
    "minutes": "5",
}


@pytest.fixture
def never_lower_back(alice_session):
    zone_set(client=alice_session.client, region="lower_back", rule="avoid")
    return alice_session


def _log(user, session, data, htmx=False):
    url = reverse("item_add", args=[session.client_id, session.pk])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client_for(user).post(url, data, **headers)


@pytest.mark.parametrize("htmx", [False, True])
def test_it_warns_before_saving_and_saves_nothing(bob, never_lower_back, htmx):
    response = _log(bob, never_lower_back, ON_NEVER_TOUCH, htmx=htmx)
    assert response.status_code == 422
    html = response.content.decode()
    assert "This breaks her limits. Nothing is saved yet." in html
    assert "Never touch: Lower back, effleurage at pressure 2: on the client" in html
    assert 'name="confirm_breaks"' in html and ">Log it</button>" in html
    assert not SessionItem.objects.filter(region="lower_back").exists()


def test_a_confirmed_item_is_logged_and_marked_everywhere(alice, bob, never_lower_back):
    session = never_lower_back
    assert _log(bob, session, {**ON_NEVER_TOUCH, "confirm_breaks": "on"}).status_code == 302
    item = SessionItem.objects.get(region="lower_back")
    assert [b["rule"] for b in item.breaks] == ["avoid"]
    detail = client_for(alice).get(reverse("session_detail", args=[session.client_id, session.pk]))
    assert "⚠ Logged against her limits:" in detail.content.decode()
    history = client_for(alice).get(reverse("history", args=[session.client_id]))
    assert "⚠ 1 against her limits" in history.content.decode()
    sheet = client_for(alice).get(reverse("sheet", args=[session.client_id])).content.decode()
    assert "Logged against her limits" in sheet
    assert "<strong>Lower back</strong>, effleurage at 2: broke <em>never touch</em>" in sheet


def test_an_item_within_her_limits_needs_no_confirmation(bob, never_lower_back):
    data = {"region": "calf_right", "technique": "petrissage", "pressure": "3", "minutes": "10"}
    assert _log(bob, never_lower_back, data).status_code == 302
    assert SessionItem.objects.get(region="calf_right").breaks == []


def test_the_warning_is_no_licence_for_the_next_item(bob, never_lower_back):
    """Confirming one item does not let the next one through unasked."""
    _log(bob, never_lower_back, {**ON_NEVER_TOUCH, "confirm_breaks": "on"})
    again = _log(bob, never_lower_back, {**ON_NEVER_TOUCH, "minutes": "3"})
    assert again.status_code == 422
    assert SessionItem.objects.filter(region="lower_back").count() == 1
