"""Bad input is refused with a message on the field, and nothing is stored."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safetouch.treatments.models import MassageSession, Outcome, SessionItem
from tests.conftest import client_for


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("pressure", "7", "Select a valid choice"),
        ("minutes", "0", "greater than or equal to 1"),
        ("minutes", "abc", "Enter a whole number"),
        ("region", "elbow", "Select a valid choice"),
        ("technique", "", "This field is required"),
    ],
)
def test_it_refuses_a_bad_item_on_its_field(alice, alice_session, field, value, message):
    data = {"region": "calf_left", "technique": "petrissage", "pressure": "3", "minutes": "10"}
    data[field] = value
    url = reverse("item_add", args=[alice_session.client_id, alice_session.pk])
    response = client_for(alice).post(url, data)
    assert response.status_code == 422
    assert message in str(response.context["item_form"].errors[field])
    assert SessionItem.objects.filter(session=alice_session).count() == 1


def test_it_adds_a_good_item(alice, alice_session):
    data = {"region": "calf_right", "technique": "petrissage", "pressure": "3", "minutes": "10"}
    url = reverse("item_add", args=[alice_session.client_id, alice_session.pk])
    client_for(alice).post(url, data)
    assert alice_session.items.filter(region="calf_right").exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("minutes", "0"),
        ("minutes", "999"),
        ("date", "2026-13-40"),
        ("date", ""),
        ("date", "9999-12-31"),
        ("notes", "x" * 4001),
        ("notes", "bell \u0007"),
        ("new_therapist", "Jo\r\nBcc: x@y.z"),
    ],
)
def test_it_refuses_a_bad_session(alice, alice_profile, field, value):
    data = {"date": "2026-11-02", "minutes": "45", "position": "side_lying", field: value}
    response = client_for(alice).post(reverse("session_new", args=[alice_profile.pk]), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not MassageSession.objects.exists()


def test_it_refuses_a_caution_zone_without_a_cap(alice, alice_profile):
    url = reverse("zone_set", args=[alice_profile.pk])
    response = client_for(alice).post(url, {"region": "neck", "rule": "caution"})
    assert response.status_code == 422
    assert "Pressure cap: A caution zone needs a pressure cap" in response.content.decode()
    assert not alice_profile.zones.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"flare": "yes", "hours_after": "200"}, "hours_after"),
        ({"flare": "maybe"}, "flare"),
        ({"flare": "no", "before_calf_left": "11"}, "before_calf_left"),
        ({"flare": "no", "after_calf_left": "-1"}, "after_calf_left"),
        ({"flare": "no", "notes": "x" * 10_000}, "notes"),
    ],
)
def test_it_refuses_a_bad_outcome_on_its_field(alice, alice_session, data, field):
    url = reverse("outcome", args=[alice_session.client_id, alice_session.pk])
    response = client_for(alice).post(url, data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Outcome.objects.exists()
    assert not alice_session.tightness.exists()


@pytest.mark.parametrize("hours", ["12", "200", "x"])
def test_hours_typed_before_answering_no_are_dropped_not_refused(alice, alice_session, hours):
    url = reverse("outcome", args=[alice_session.client_id, alice_session.pk])
    response = client_for(alice).post(url, {"flare": "no", "hours_after": hours})
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.flare, outcome.hours_after) == (False, None)


def test_a_corrected_outcome_replaces_the_old_one(alice, alice_session):
    url = reverse("outcome", args=[alice_session.client_id, alice_session.pk])
    browser = client_for(alice)
    browser.post(url, {"flare": "yes", "hours_after": "10", "before_calf_left": "7"})
    browser.post(url, {"flare": "no", "before_calf_left": "6", "after_calf_left": "3"})
    outcome = Outcome.objects.get()
    assert (outcome.flare, outcome.hours_after) == (False, None)
    assert alice_session.tightness.get().relief == 3


def test_it_refuses_a_short_password_at_signup(db, client):
    data = {
        "email": "new@example.com",
        "first_name": "New",
        "role": "client",
        "password1": "short1!",
        "password2": "short1!",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 422
    assert "password2" in response.context["form"].errors


def test_signup_creates_a_client_with_an_empty_body_map(db, client):
    data = {
        "email": "New@Example.com",
        "first_name": "Nora",
        "role": "client",
        "password1": "a-long-enough-pass",
        "password2": "a-long-enough-pass",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 302
    from safetouch.accounts.models import User

    user = User.objects.get(email="new@example.com")
    assert user.client_profile.first_name == "Nora"
