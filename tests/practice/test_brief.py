"""The pre-session brief: what happened since the therapist's last session with her
(check-ins, flares, too-much flags, limit changes), her limits, then the plan and sheet."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.urls import reverse

from safetouch.checkins.services import checkin_save
from safetouch.clients.models import Therapist
from safetouch.clients.services import zone_set
from safetouch.practice.models import ClientSeen
from safetouch.treatments.services import outcome_record, session_create
from tests.conftest import client_for

T0 = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)


def _brief(user, client) -> str:
    response = client_for(user).get(reverse("brief", args=[client.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _checkin(client, at, value: int) -> None:
    checkin_save(
        client=client,
        at=at,
        training_minutes=90,
        temperature_c=8.0,
        tightness={"calf_left": value},
        stretches=[],
    )


def test_it_tells_what_happened_since_her_last_session_with_this_therapist(alice_profile, bob):
    with time_machine.travel(T0, tick=False) as clock:
        mine = Therapist.objects.create(client=alice_profile, name="Bob Baker", user=bob)
        session_create(
            client=alice_profile,
            date=dt.date(2026, 11, 10),
            minutes=45,
            position="side_lying",
            therapist=mine,
        )
        _checkin(alice_profile, T0 - dt.timedelta(days=2), 3)  # before: not news
        clock.shift(dt.timedelta(days=3))
        _checkin(alice_profile, T0 + dt.timedelta(days=3), 6)
        other = session_create(
            client=alice_profile,
            date=dt.date(2026, 11, 14),
            minutes=45,
            position="side_lying",
            new_therapist="Tina Other",
            items=[
                {
                    "region": "hamstring_left",
                    "technique": "friction",
                    "pressure": 3,
                    "minutes": 5,
                    "too_much": True,
                }
            ],
        )
        clock.shift(dt.timedelta(days=1))
        outcome_record(session=other, flare=True, hours_after=12, notes="Locked up at night")
        zone_set(client=alice_profile, region="lower_back", rule="avoid", actor=alice_profile.user)
        html = _brief(bob, alice_profile)
    assert "Since your last session with her, 10 Nov 2026" in html
    assert "Her last session: <strong>Sat 14 Nov 2026</strong> with Tina Other" in html
    assert (
        '<strong class="flare-after">Flared after the last session</strong> (12 h after)' in html
    )
    assert "Locked up at night" in html
    assert "<strong>Too much</strong>: Left hamstring, friction at pressure 3" in html
    assert "Calves 6" in html and "Calves 3" not in html
    assert "<strong>Alice</strong> marked Lower back never touch" in html
    assert f'href="{reverse("plan", args=[alice_profile.pk])}"' in html
    assert f'href="{reverse("sheet", args=[alice_profile.pk])}"' in html


def test_without_a_session_of_hers_it_starts_from_her_last_look(alice_profile, bob):
    with time_machine.travel(T0, tick=False) as clock:
        zone_set(client=alice_profile, region="neck", rule="caution", pressure_cap=2)
        assert "Everything so far" in _brief(bob, alice_profile)
        assert ClientSeen.objects.get(therapist=bob, client=alice_profile).seen == T0
        clock.shift(dt.timedelta(days=2))
        html = _brief(bob, alice_profile)
        assert "Since you last looked, 10 Nov 2026" in html
        assert "No check-in since." in html and "No session since." in html
        assert re.search(r"Limit changes</h3>\s*<p class=\"muted\">None\.", html)
        clock.shift(dt.timedelta(hours=1))
        zone_set(client=alice_profile, region="neck", rule="caution", pressure_cap=1)
        html = _brief(bob, alice_profile)
    assert "lowered" in html.lower() or "Neck" in html
    assert '<span class="tag tag-bad">new</span>' in html


def test_a_read_only_therapist_gets_no_log_button(alice_profile, carol):
    html = _brief(carol, alice_profile)
    assert "Her plan for today" in html
    assert reverse("session_new", args=[alice_profile.pk]) not in html


def test_the_brief_shows_her_limits_and_what_was_too_much(alice_record, bob):
    html = _brief(bob, alice_record)
    assert "Left gluteal, Lower back" in html
    assert "Neck ≤ 2" in html
    assert "Upper back, effleurage" in html


def test_a_stranger_gets_the_same_404_and_no_seen_row(alice_profile, charlie):
    response = client_for(charlie).get(reverse("brief", args=[alice_profile.pk]))
    assert response.status_code == 404
    assert not ClientSeen.objects.exists()
