"""In-session mode's taps: each applied exactly once, judged by engine.check before it is
recorded, refused to a reader; and the heartbeat that keeps the login alive, up to its
ceiling."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.urls import reverse

from safetouch.clients.services import zone_set
from safetouch.treatments.models import SessionTap
from safetouch.treatments.services import session_create
from tests.conftest import client_for

CALF = {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10}


@pytest.fixture
def started(alice_profile):
    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    return session_create(
        client=alice_profile,
        date=dt.date(2026, 11, 20),
        minutes=45,
        position="side_lying",
        planned=[CALF, {**CALF, "region": "calf_right"}],
    )


def _tap(user, session, **body):
    url = reverse("session_tap", args=[session.client_id, session.pk])
    body.setdefault("key", str(uuid.uuid4()))
    return client_for(user).post(url, json.dumps(body), content_type="application/json")


def test_a_tap_sent_twice_is_recorded_once(bob, started):
    key = str(uuid.uuid4())
    first = _tap(bob, started, key=key, action="done", row=0, **CALF)
    again = _tap(bob, started, key=key, action="done", row=0, **CALF)
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json()["applied"], again.json()["applied"]) == (True, False)
    assert started.items.count() == 1
    assert SessionTap.objects.filter(session=started).count() == 1


def test_too_much_records_the_item_flagged(bob, started):
    _tap(bob, started, action="too_much", row=1, **{**CALF, "region": "calf_right"})
    item = started.items.get()
    assert (item.region, item.too_much) == ("calf_right", True)


def test_too_much_after_all_flags_the_item_already_recorded(bob, started):
    done = _tap(bob, started, action="done", row=0, **CALF).json()
    _tap(bob, started, action="flag", of=done["key"])
    assert started.items.get().too_much is True
    assert started.items.count() == 1


def test_lighter_records_it_one_step_lighter(bob, started):
    _tap(bob, started, action="lighter", row=0, **CALF)
    assert started.items.get().pressure == 2


def test_skip_records_nothing(bob, started):
    assert _tap(bob, started, action="skip", row=1).status_code == 200
    assert not started.items.exists()
    assert started.taps.get().action == "skip"


def test_an_item_against_her_limits_is_refused_until_confirmed(bob, started):
    back = {"region": "lower_back", "technique": "effleurage", "pressure": 1, "minutes": 5}
    key = str(uuid.uuid4())
    refused = _tap(bob, started, key=key, action="done", **back)
    assert refused.status_code == 409
    assert refused.json()["breaks"][0].startswith("Never touch: Lower back")
    assert not started.items.exists() and not started.taps.exists()
    confirmed = _tap(bob, started, key=key, action="done", confirm_breaks=True, **back)
    assert confirmed.status_code == 200
    assert started.items.get().breaks[0]["rule"] == "avoid"


def test_bad_input_is_refused_naming_the_field(bob, started):
    response = _tap(bob, started, action="done", row=0, **{**CALF, "pressure": 9})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "pressure"
    assert _tap(bob, started, action="skip", row=7).json()["errors"][0]["field"] == "row"
    assert not started.taps.exists()


def test_a_body_that_is_not_json_is_refused(bob, started):
    url = reverse("session_tap", args=[started.client_id, started.pk])
    response = client_for(bob).post(url, "{", content_type="application/json")
    assert response.json()["errors"][0]["field"] == "body"


def test_note_for_next_time_and_finish(bob, started):
    _tap(bob, started, action="done", row=0, **{**CALF, "minutes": 12})
    _tap(bob, started, action="note", text="  Left calf still tight: start there.  ")
    _tap(bob, started, action="finish")
    started.refresh_from_db()
    assert started.next_time == "Left calf still tight: start there."
    assert started.minutes == 12


def test_a_reader_may_not_tap_and_a_stranger_sees_nothing(carol, charlie, started):
    assert _tap(carol, started, action="done", row=0, **CALF).status_code == 404
    assert _tap(charlie, started, action="done", row=0, **CALF).status_code == 404
    assert not started.items.exists()


def test_the_page_pins_her_limits_and_lists_the_plan(bob, started):
    page = client_for(bob).get(reverse("session_live", args=[started.client_id, started.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Never touch</strong> Lower back" in html
    assert html.count('class="live-item"') == 2 + 1  # two planned rows and the template


def test_the_heartbeat_keeps_the_login_alive_until_its_ceiling(bob, started):
    browser = client_for(bob)
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    live = reverse("session_live", args=[started.client_id, started.pk])
    with time_machine.travel(start, tick=False):
        browser.get(live)
    beats = []
    for minutes in range(5, 4 * 60 + 30, 5):  # nothing but heartbeats for 4.5 hours
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            beats.append(browser.post(reverse("live_heartbeat")))
    within = beats[: 4 * 12 - 1]
    assert {b.status_code for b in within} == {204}  # 45-60 minutes idle: still logged in
    assert beats[-1].json() == {"alive": False, "detail": "in-session mode has been open too long"}
    with time_machine.travel(start + dt.timedelta(hours=4, minutes=35), tick=False):
        assert browser.get(live).status_code == 302  # the idle logout applies again


def _check(user, session, **item):
    url = reverse("session_live_check", args=[session.client_id, session.pk])
    return client_for(user).post(url, json.dumps(item), content_type="application/json")


def test_the_check_before_a_tap_warns_and_stores_nothing(bob, carol, started):
    back = {"region": "lower_back", "technique": "effleurage", "pressure": 1, "minutes": 5}
    warned = _check(bob, started, **back).json()["breaks"]
    assert warned[0].startswith("Never touch: Lower back")
    assert _check(carol, started, **CALF).json() == {"breaks": []}
    assert not started.items.exists() and not started.taps.exists()
    bad = _check(bob, started, **{**CALF, "minutes": 0})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "minutes")


def test_a_view_within_a_minute_of_the_last_writes_no_session(bob, started):
    """The ceiling moves with each view, but is stored again only once it moved a minute."""
    from django.contrib.sessions.models import Session

    browser = client_for(bob)
    live = reverse("session_live", args=[started.client_id, started.pk])
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

    def stored():
        return Session.objects.get(session_key=browser.session.session_key).session_data

    with time_machine.travel(start, tick=False):
        browser.get(live)
    first = stored()
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        browser.get(live)
    assert stored() == first
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        browser.get(live)
    assert stored() != first
