"""Check-ins: quick to enter, several a day, editable, bad values refused on the field."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safetouch.checkins.models import CheckIn
from tests.conftest import client_for

NOW = dt.datetime(2026, 11, 23, 19, 30, tzinfo=dt.UTC)


def _post(user, profile, **overrides):
    data = {
        "at": "2026-11-23T19:00",
        "training_minutes": "60",
        "unit": "C",
        "temperature": "4",
        "t_calf_left": "6",
        "t_calf_right": "5",
        "t_upper_back": "3",
        "stretches": ["calf_wall"],
        "notes": "",
    }
    data.update(overrides)
    return client_for(user).post(reverse("checkin_new", args=[profile.pk]), data)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_asks_about_her_focus_regions_with_her_routine(alice, alice_focus):
    page = client_for(alice).get(reverse("checkin_new", args=[alice_focus.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("t_calf_left", "t_calf_right", "t_upper_back", "Calf wall stretch"):
        assert name in html
    assert "Pigeon" not in html


def test_it_saves_a_check_in(alice, alice_focus):
    response = _post(alice, alice_focus)
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert {t.region: t.value for t in checkin.tightness.all()} == {
        "calf_left": 6,
        "calf_right": 5,
        "upper_back": 3,
    }
    assert checkin.training_minutes == 60
    assert checkin.temperature_c == 4
    assert [s.stretch for s in checkin.stretches.all()] == ["calf_wall"]


def test_it_allows_several_check_ins_a_day(alice, alice_focus):
    _post(alice, alice_focus, at="2026-11-23T07:00")
    _post(alice, alice_focus, at="2026-11-23T19:00")
    assert CheckIn.objects.count() == 2


def test_it_stores_fahrenheit_as_celsius_and_remembers_the_unit(alice, alice_focus):
    _post(alice, alice_focus, unit="F", temperature="41")
    assert CheckIn.objects.get().temperature_c == pytest.approx(5.0)
    page = client_for(alice).get(reverse("checkin_new", args=[alice_focus.pk]))
    assert page.context["form"].initial["unit"] == "F"
    checkin = CheckIn.objects.get()
    edit = client_for(alice).get(reverse("checkin_edit", args=[alice_focus.pk, checkin.pk]))
    assert edit.context["form"].initial["temperature"] == pytest.approx(41.0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t_calf_left", "11", "0 to 10 only"),
        ("t_upper_back", "-1", "0 to 10 only"),
        ("t_calf_right", "lots", "A whole number, 0 to 10"),
        ("training_minutes", "-5", "greater than or equal to 0"),
        ("temperature", "80", "Must be from -50 to 50 °C"),
        ("at", "2026-11-25T10:00", "can't be in the future"),
    ],
)
def test_it_refuses_a_bad_value_on_its_field(alice, alice_focus, field, value, message):
    response = _post(alice, alice_focus, **{field: value})
    assert response.status_code == 422
    assert message in response.context["form"].errors[field][0]
    html = response.content.decode()
    assert f'id="err-{field}"' in html
    assert CheckIn.objects.count() == 0


def test_it_refuses_fahrenheit_out_of_range_in_fahrenheit(alice, alice_focus):
    response = _post(alice, alice_focus, unit="F", temperature="130")
    assert "Must be from -58 to 122 °F" in response.context["form"].errors["temperature"][0]


def test_it_keeps_what_she_typed_when_a_value_is_refused(alice, alice_focus):
    response = _post(alice, alice_focus, t_calf_left="12", notes="sore after the swim")
    html = response.content.decode()
    assert 'value="12"' in html
    assert "sore after the swim" in html


def test_it_needs_at_least_one_tightness(alice, alice_focus):
    response = _post(alice, alice_focus, t_calf_left="", t_calf_right="", t_upper_back="")
    assert response.status_code == 422
    assert "at least one region" in response.context["form"].errors["t_upper_back"][0]


def test_it_edits_a_check_in_in_place(alice, alice_focus):
    _post(alice, alice_focus)
    checkin = CheckIn.objects.get()
    url = reverse("checkin_edit", args=[alice_focus.pk, checkin.pk])
    page = client_for(alice).get(url)
    assert 'value="6"' in page.content.decode()
    data = {
        "at": "2026-11-23T18:00",
        "training_minutes": "30",
        "unit": "C",
        "temperature": "",
        "t_calf_left": "4",
        "stretches": [],
    }
    assert client_for(alice).post(url, data).status_code == 302
    checkin.refresh_from_db()
    assert {t.region: t.value for t in checkin.tightness.all()} == {"calf_left": 4}
    assert checkin.training_minutes == 30
    assert checkin.temperature_c is None
    assert not checkin.stretches.exists()


def test_it_deletes_a_check_in(alice, alice_focus):
    _post(alice, alice_focus)
    checkin = CheckIn.objects.get()
    url = reverse("checkin_delete", args=[alice_focus.pk, checkin.pk])
    assert client_for(alice).post(url).status_code == 302
    assert not CheckIn.objects.exists()


def test_her_therapist_with_write_access_may_check_her_in(bob, alice_focus):
    assert _post(bob, alice_focus).status_code == 302


def test_it_refuses_a_stranger(charlie, alice_focus):
    assert _post(charlie, alice_focus).status_code == 404
    url = reverse("checkin_new", args=[alice_focus.pk])
    assert client_for(charlie).get(url).status_code == 404


def test_it_refuses_a_read_only_therapist(carol, alice_focus):
    assert _post(carol, alice_focus).status_code == 404


def test_a_stranger_cannot_edit_her_check_in(alice, charlie, alice_focus):
    _post(alice, alice_focus)
    checkin = CheckIn.objects.get()
    url = reverse("checkin_edit", args=[alice_focus.pk, checkin.pk])
    assert client_for(charlie).get(url).status_code == 404
    assert (
        client_for(charlie)
        .post(reverse("checkin_delete", args=[alice_focus.pk, checkin.pk]))
        .status_code
        == 404
    )
    assert CheckIn.objects.exists()
