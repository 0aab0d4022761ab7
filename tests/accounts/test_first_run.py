"""A new client sees a short checklist until it is done; a new therapist sees one step."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetouch.accounts.services import account_create
from safetouch.checkins.services import checkin_save
from safetouch.clients.models import CareGrant
from safetouch.clients.services import banned_add, zone_set
from safetouch.handoff.services import share_link_create
from safetouch.treatments.services import session_create
from tests.conftest import PASSWORD, client_for

STEPS = [
    "Mark your never-touch zones",
    "Set your limits and positioning",
    "Invite or brief a therapist",
    "Log your first session",
    "Check in between sessions",
]


def _dashboard(user) -> str:
    page = client_for(user).get("/dashboard/")
    assert page.status_code == 200
    return page.content.decode()


def test_a_new_client_sees_every_step_and_no_empty_axes(alice):
    page = _dashboard(alice)
    assert "Your first steps" in page
    for step in STEPS:
        assert f">{step}</a>" in page
    assert 'class="chart-svg"' not in page
    assert "How much each massage relieved appears here" in page
    assert "Your stretching days per week appear here" in page
    assert "<title>Dashboard · SafeTouch</title>" in page


def test_steps_tick_off_from_her_records_and_the_list_goes_when_done(alice_profile):
    alice = alice_profile.user
    zone_set(client=alice_profile, region="sacroiliac_joint_left", rule="avoid")
    page = _dashboard(alice)
    assert "<s>Mark your never-touch zones</s>" in page
    assert ">Set your limits and positioning</a>" in page

    banned_add(client=alice_profile, technique="deep_tissue")
    share_link_create(client=alice_profile, therapist_name="Dana", days=7)
    session_create(
        client=alice_profile, date=dt.date(2026, 11, 1), minutes=45, position="side_lying"
    )
    page = _dashboard(alice)
    assert ">Check in between sessions</a>" in page
    assert page.count("<s>") == 4

    checkin_save(
        client=alice_profile,
        at=timezone.now(),
        training_minutes=0,
        temperature_c=None,
        tightness={},
        stretches=[],
    )
    assert "Your first steps" not in _dashboard(alice)


def test_she_can_hide_the_list(alice):
    c = client_for(alice)
    assert c.post("/dashboard/first-steps/hide/").status_code == 302
    assert "Your first steps" not in c.get("/dashboard/").content.decode()


def test_a_new_therapist_is_told_how_to_add_a_first_client(db):
    dana = account_create(
        email="dana@example.com", password=PASSWORD, first_name="Dana", role="therapist"
    )
    page = _dashboard(dana)
    assert "Getting started" in page and ">Add your first client</a>" in page


def test_a_therapist_with_a_client_sees_no_checklist(bob):
    assert "Getting started" not in _dashboard(bob)
    assert CareGrant.objects.filter(grantee=bob).exists()
