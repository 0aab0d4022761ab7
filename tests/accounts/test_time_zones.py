"""Her own time zone: defaults in her day, times shown in her zone, storage in UTC.

The clock is frozen at 17:25 on Tue 1 Dec 2026 in Los Angeles, which is 01:25 on
Wed 2 Dec in UTC and 14:25 on Wed 2 Dec in Auckland.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from safetouch.checkins.models import CheckIn
from safetouch.handoff.services import share_link_create
from safetouch.reminders.sending import message
from tests.conftest import client_for

NOW = dt.datetime(2026, 12, 2, 1, 25, tzinfo=dt.UTC)


@pytest.fixture
def in_zone(alice_profile):
    def move(zone: str):
        alice_profile.user.time_zone = zone
        alice_profile.user.save()
        return alice_profile

    return move


@pytest.mark.parametrize(
    "zone,day,moment",
    [
        ("America/Los_Angeles", "2026-12-01", "2026-12-01T17:25"),
        ("Pacific/Auckland", "2026-12-02", "2026-12-02T14:25"),
        ("UTC", "2026-12-02", "2026-12-02T01:25"),
    ],
)
def test_form_defaults_are_in_her_own_day(in_zone, zone, day, moment):
    profile = in_zone(zone)
    c = client_for(profile.user)
    with time_machine.travel(NOW, tick=False):
        checkin = c.get(reverse("checkin_new", args=[profile.pk])).content.decode()
        session = c.get(reverse("session_new", args=[profile.pk])).content.decode()
    assert f'value="{moment}"' in checkin
    assert f'value="{day}"' in session


def test_what_she_types_is_her_time_and_is_stored_in_utc(in_zone):
    profile = in_zone("America/Los_Angeles")
    c = client_for(profile.user)
    with time_machine.travel(NOW, tick=False):
        response = c.post(
            reverse("checkin_new", args=[profile.pk]),
            {"at": "2026-12-01T17:25", "training_minutes": 0, "unit": "C"},
        )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    stored = CheckIn.objects.get(client=profile).at
    assert stored == NOW and stored.tzinfo is not None
    with time_machine.travel(NOW, tick=False):
        page = c.get(reverse("between", args=[profile.pk]))
    assert "Tue 1 Dec 2026, 17:25" in page.content.decode()


@pytest.mark.parametrize(
    "zone,shown",
    [
        ("America/Los_Angeles", "Tue 8 Dec 2026, 17:25"),
        ("Pacific/Auckland", "Wed 9 Dec 2026, 14:25"),
    ],
)
def test_share_link_expiry_is_shown_in_her_zone(in_zone, zone, shown):
    profile = in_zone(zone)
    with time_machine.travel(NOW, tick=False):
        _, token = share_link_create(client=profile, therapist_name="Dana", days=7)
        mine = client_for(profile.user).get(reverse("shares", args=[profile.pk]))
        # The reader of the link has no account: her zone, named.
        theirs = Client().get(reverse("shared", args=[token]))
    assert shown in mine.content.decode()
    abbreviation = {"America/Los_Angeles": "PST", "Pacific/Auckland": "NZDT"}[zone]
    assert f"{shown} ({abbreviation})" in theirs.content.decode()


def test_signup_takes_the_zone_the_browser_sends(db):
    data = {
        "email": "zoe@example.com",
        "first_name": "Zoe",
        "role": "client",
        "password1": "a-long-enough-secret",
        "password2": "a-long-enough-secret",
    }
    Client().post("/accounts/signup/", {**data, "time_zone": "Pacific/Auckland"})
    Client().post(
        "/accounts/signup/", {**data, "email": "yan@example.com", "time_zone": "Mars/Olympus"}
    )
    from safetouch.accounts.models import User

    assert User.objects.get(email="zoe@example.com").time_zone == "Pacific/Auckland"
    assert User.objects.get(email="yan@example.com").time_zone == "UTC"


def test_the_signup_page_loads_the_zone_script_without_inline_code(db):
    html = Client().get("/accounts/signup/").content.decode()
    assert 'name="time_zone"' in html and 'type="hidden"' in html
    assert "<script>" not in html and "safetouch/app.js" in html


def test_settings_change_her_zone(in_zone):
    profile = in_zone("UTC")
    c = client_for(profile.user)
    c.post("/account/settings/", {"time_zone": "Pacific/Auckland", "remind_booking": "on"})
    profile.user.refresh_from_db()
    assert profile.user.time_zone == "Pacific/Auckland"


def test_an_email_shows_her_day_whatever_the_server_zone(in_zone, settings):
    from safetouch.reminders.due import Due
    from safetouch.treatments.services import session_create

    settings.TIME_ZONE = "Asia/Tokyo"
    profile = in_zone("America/Los_Angeles")
    session = session_create(
        client=profile, date=dt.date(2026, 11, 30), minutes=45, position="side_lying"
    )
    due = Due(
        profile.user,
        "outcome",
        dt.date(2026, 12, 1),
        context={"session": session, "client": profile},
    )
    email = message(due)
    assert "Mon 30 Nov 2026" in email.body and "Mon 30 Nov 2026" in email.alternatives[0][0]
