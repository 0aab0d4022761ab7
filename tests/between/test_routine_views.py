"""The stretching routine: only SI-safe stretches, her settings, adherence per week."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from safetouch.checkins.models import Preferences
from safetouch.checkins.selectors import adherence, preferences_of
from safetouch.checkins.services import checkin_save, routine_set
from safetouch.engine.stretches import SAFE_STRETCHES, STRETCHES, UNSAFE_STRETCHES
from tests.conftest import client_for


def test_the_library_marks_the_stretches_unsafe_for_si_joints():
    unsafe = {s.id for s in UNSAFE_STRETCHES}
    assert {"double_knee_to_chest", "toe_touch", "pigeon", "deep_twist"} <= unsafe
    assert {"single_knee_to_chest", "supine_hamstring", "calf_wall"} <= {
        s.id for s in SAFE_STRETCHES
    }
    assert all(s.caution for s in STRETCHES.values())


def test_it_shows_safe_stretches_to_pick_and_unsafe_ones_marked(alice, alice_focus):
    html = client_for(alice).get(reverse("routine", args=[alice_focus.pk])).content.decode()
    assert 'value="calf_wall" checked' in html
    assert 'value="pigeon"' not in html
    assert "Pigeon pose" in html and ">Avoid</span>" in html


def test_she_picks_her_routine(alice, alice_focus):
    url = reverse("routine_save", args=[alice_focus.pk])
    data = {"stretches": ["supine_hamstring", "calf_wall"]}
    assert client_for(alice).post(url, data).status_code == 302
    assert set(alice_focus.routine.values_list("stretch", flat=True)) == {
        "supine_hamstring",
        "calf_wall",
    }


def test_it_refuses_an_unsafe_stretch_in_the_routine(alice, alice_focus):
    url = reverse("routine_save", args=[alice_focus.pk])
    response = client_for(alice).post(url, {"stretches": ["pigeon"]})
    assert response.status_code == 422
    assert "pigeon is not one of the available choices" in response.content.decode()
    assert set(alice_focus.routine.values_list("stretch", flat=True)) == {
        "calf_wall",
        "doorway_biceps",
    }


def test_she_sets_her_limit_and_unit(alice, alice_focus):
    url = reverse("between_preferences", args=[alice_focus.pk])
    data = {"limit_level": "6", "stretch_days": "4", "temperature_unit": "F"}
    assert client_for(alice).post(url, data).status_code == 302
    prefs = Preferences.objects.get(client=alice_focus)
    assert (prefs.limit_level, prefs.stretch_days, prefs.temperature_unit) == (6, 4, "F")


def test_it_refuses_a_limit_above_ten(alice, alice_focus):
    url = reverse("between_preferences", args=[alice_focus.pk])
    data = {"limit_level": "11", "stretch_days": "4", "temperature_unit": "C"}
    response = client_for(alice).post(url, data)
    assert response.status_code == 422
    assert "limit_level" in response.context["prefs_form"].errors
    assert preferences_of(alice_focus).limit_level == 7


def test_it_refuses_a_stranger(charlie, alice_focus):
    assert client_for(charlie).get(reverse("routine", args=[alice_focus.pk])).status_code == 404
    url = reverse("routine_save", args=[alice_focus.pk])
    assert client_for(charlie).post(url, {"stretches": ["calf_wall"]}).status_code == 404


def test_a_read_only_therapist_sees_but_cannot_change(carol, alice_focus):
    assert client_for(carol).get(reverse("routine", args=[alice_focus.pk])).status_code == 200
    url = reverse("routine_save", args=[alice_focus.pk])
    assert client_for(carol).post(url, {"stretches": []}).status_code == 404


@time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False)
def test_adherence_counts_stretching_days_per_week(alice_focus):
    def check_in(day: int, hour: int, stretches: list[str]) -> None:
        at = dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)
        checkin_save(
            client=alice_focus,
            at=at,
            training_minutes=0,
            temperature_c=None,
            tightness={"calf_left": 4},
            stretches=stretches,
        )

    check_in(17, 8, ["calf_wall"])
    check_in(17, 20, ["doorway_biceps"])  # the same day counts once
    check_in(18, 20, ["calf_wall"])
    check_in(19, 20, ["pigeon"])  # not in her routine
    check_in(24, 20, ["calf_wall"])
    routine_set(client=alice_focus, stretches=["calf_wall", "doorway_biceps"])
    weeks = adherence(alice_focus, today=dt.date(2026, 11, 25), weeks=2)
    assert [(w.start, w.days, w.target) for w in weeks] == [
        (dt.date(2026, 11, 16), 2, 5),
        (dt.date(2026, 11, 23), 1, 5),
    ]
    assert weeks[0].share == 0.4
