"""Only she can say a flagged pair may be tried again, lighter; her therapists cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safetouch.treatments.models import LighterOk
from safetouch.treatments.services import item_add, session_create
from tests.conftest import client_for


@pytest.fixture
def flagged(alice_profile):
    session = session_create(
        client=alice_profile, date=dt.date(2026, 11, 1), minutes=45, position="side_lying"
    )
    item_add(
        session=session,
        region="calf_left",
        technique="petrissage",
        pressure=3,
        minutes=10,
        too_much=True,
    )
    return alice_profile


def _say(user, client, ok="yes", region="calf_left"):
    data = {"region": region, "technique": "petrissage", "lighter_ok": ok}
    return client_for(user).post(reverse("lighter_ok", args=[client.pk]), data)


def _api_say(user, client, ok: bool):
    return client_for(user).put(
        f"/api/v1/clients/{client.pk}/too-much/calf_left/petrissage",
        {"lighter_ok": ok},
        content_type="application/json",
    )


def test_her_limits_page_lists_the_flag_in_the_engines_words(alice, flagged):
    html = client_for(alice).get(reverse("preferences", args=[flagged.pk])).content.decode()
    assert "Too much: never again" in html
    assert "too much at pressure 3 on 2026-11-01: never again" in html
    assert 'aria-label="Lighter is OK: Left calf, petrissage">Lighter is OK</button>' in html


def test_she_can_say_lighter_is_ok_and_take_it_back(alice, flagged):
    assert _say(alice, flagged).status_code == 302
    assert LighterOk.objects.filter(client=flagged, region="calf_left").exists()
    html = client_for(alice).get(reverse("preferences", args=[flagged.pk])).content.decode()
    assert "she said lighter is OK, so below 3 only" in html
    assert _say(alice, flagged, ok="no").status_code == 302
    assert not LighterOk.objects.exists()


@pytest.mark.parametrize("therapist", ["bob", "carol"])
def test_a_therapist_cannot_loosen_it_on_the_web_or_the_api(therapist, request, flagged):
    user = request.getfixturevalue(therapist)
    html = client_for(user).get(reverse("preferences", args=[flagged.pk])).content.decode()
    assert "never again" in html and ">Lighter is OK</button>" not in html
    assert 'name="lighter_ok"' not in html
    assert _say(user, flagged).status_code == 403
    refused = _api_say(user, flagged, True)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the client herself can do this."
    assert not LighterOk.objects.exists()


def test_a_stranger_gets_nothing(charlie, flagged):
    assert _say(charlie, flagged).status_code == 404
    assert _api_say(charlie, flagged, True).status_code == 404


def test_a_pair_she_never_flagged_is_refused(alice, flagged):
    assert _say(alice, flagged, region="calf_right").status_code == 302
    assert not LighterOk.objects.exists()
    answer = client_for(alice).put(
        f"/api/v1/clients/{flagged.pk}/too-much/calf_right/petrissage",
        {"lighter_ok": True},
        content_type="application/json",
    )
    assert answer.status_code == 404


def test_the_api_lists_her_flags(alice, bob, flagged):
    listed = client_for(bob).get(f"/api/v1/clients/{flagged.pk}/too-much").json()
    assert listed == [
        {
            "region": "calf_left",
            "technique": "petrissage",
            "pressure": 3,
            "reason": "too much at pressure 3 on 2026-11-01: never again",
            "lighter_ok": False,
        }
    ]
