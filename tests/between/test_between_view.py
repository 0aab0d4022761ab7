"""The between-sessions page and the dashboard card: forecast and accessible charts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from safetouch.checkins.models import CheckIn
from safetouch.clients.models import ClientProfile
from safetouch.demo.services import load_demo
from tests.conftest import client_for

NOW = dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC)


@pytest.fixture
def sofia(db):
    with time_machine.travel(NOW, tick=False):
        load_demo(today=NOW.date())
        yield ClientProfile.objects.get(user__email="demo@example.com")


def test_the_demo_dashboard_shows_her_forecast_and_charts(sofia):
    html = client_for(sofia.user).get(reverse("dashboard")).content.decode()
    assert "Book your next massage by" in html
    assert html.count('role="img"') >= 3
    assert "Calves: tightness" in html


def test_the_page_draws_a_chart_per_muscle_group_with_titles(sofia):
    response = client_for(sofia.user).get(reverse("between", args=[sofia.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for group in ("Calves", "Hamstrings", "Quadriceps", "Biceps", "Upper back"):
        assert f"{group}: tightness from" in html
    assert "Relief per massage" in html and "Stretching days per week" in html
    # every chart names itself to a screen reader and has its numbers as a table
    svgs = re.findall(r'<svg class="chart-svg"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(svgs) == 7
    for ids in svgs:
        for part in ids.split():
            assert f'id="{part}"' in html
    assert html.count("<summary>The numbers</summary>") == 7
    assert "style=" not in html and "<script>" not in html


def test_flares_and_massages_are_marked(sofia):
    html = client_for(sofia.user).get(reverse("between", args=[sofia.pk])).content.decode()
    assert "Massage on Mon 26 Oct" in html
    assert 'class="c-flare"' in html  # the first massage, 3 Aug, flared: on the relief chart


def test_recent_check_ins_are_listed_and_all_on_request(sofia):
    url = reverse("between", args=[sofia.pk])
    recent = client_for(sofia.user).get(url)
    assert len(recent.context["checkins"]) == 7
    assert "All check-ins" in recent.content.decode()
    everything = client_for(sofia.user).get(url + "?checkins=all")
    assert len(everything.context["checkins"]) == CheckIn.objects.count()


def test_her_therapist_can_read_it(sofia):
    from safetouch.accounts.models import User

    maria = User.objects.get(email="therapist@example.com")
    assert client_for(maria).get(reverse("between", args=[sofia.pk])).status_code == 200


def test_it_refuses_a_stranger(sofia, charlie):
    assert client_for(charlie).get(reverse("between", args=[sofia.pk])).status_code == 404


def test_a_new_client_is_asked_to_check_in(alice, alice_profile):
    html = client_for(alice).get(reverse("between", args=[alice_profile.pk])).content.decode()
    assert "Not enough check-ins yet" in html


def test_loading_the_demo_twice_adds_no_check_ins(sofia):
    count = CheckIn.objects.count()
    first = CheckIn.objects.order_by("at").first().at
    assert 35 <= count <= 56
    assert (NOW - first).days >= 50
    load_demo(today=NOW.date())
    assert CheckIn.objects.count() == count
    assert sofia.routine.count() == 4


def test_each_listed_check_in_says_its_training_weather_and_stretches(alice_profile):
    from safetouch.checkins.services import checkin_save
    from safetouch.records.models import Preferences

    Preferences.objects.create(client=alice_profile, temperature_unit="F")
    checkin_save(
        client=alice_profile,
        at=dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC),
        training_minutes=45,
        temperature_c=10.0,
        tightness={"calf_left": 6},
        stretches=["calf_wall", "doorway_biceps"],
    )
    url = reverse("between", args=[alice_profile.pk])
    html = client_for(alice_profile.user).get(url).content.decode()
    assert "45 min training · 50 °F · 2 stretches" in html
