"""The demo practice, loaded from its data file through the account import, as of a day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.utils import timezone

from safetouch.clients.models import CareGrant, ClientProfile, LimitChange
from safetouch.demo.services import DEMO_PASSWORD, demo_data, load_demo, shifted
from safetouch.portability.document import parse
from safetouch.practice.models import ClientSeen
from safetouch.treatments.models import SessionItem

AS_OF = dt.date(2026, 3, 17)
NOW = dt.datetime(2026, 3, 17, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        load_demo(today=AS_OF)


def _sofia() -> ClientProfile:
    return ClientProfile.objects.get(user__email="demo@example.com")


def test_every_account_in_the_file_is_an_account_file_the_import_takes():
    for document in demo_data()["accounts"]:
        parse(json.dumps(shifted(document, days=-200, now=NOW)))


def test_her_sessions_lead_up_to_the_day_it_is_loaded_as_of(demo):
    days = sorted((AS_OF - s.date).days for s in _sofia().sessions.all())
    assert days == [9, 28, 42, 56, 70, 84, 98, 112]
    olivia = ClientProfile.objects.get(user__email="other@example.com")
    assert [s.date for s in olivia.sessions.all()] == [AS_OF - dt.timedelta(days=1)]


def test_her_check_ins_cover_the_eight_weeks_before_in_the_evening(demo):
    checkins = list(_sofia().checkins.all())
    assert len(checkins) == 45
    days = {(AS_OF - timezone.localdate(c.at)).days for c in checkins}
    assert min(days) == 1 and max(days) == 56
    assert {timezone.localtime(c.at).hour for c in checkins} == {20}


def test_a_check_in_stays_in_the_evening_across_a_clock_change(db, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # the file is written in November, winter time
    with time_machine.travel(dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC), tick=False):
        load_demo(today=dt.date(2026, 7, 1))
    assert {timezone.localtime(c.at).hour for c in _sofia().checkins.all()} == {20}


def test_nothing_was_logged_against_limits_she_set_after_her_sessions(demo):
    sofia = _sofia()
    assert sofia.zones.count() == 14 and sofia.banned.count() == 2
    assert not SessionItem.objects.filter(session__client=sofia).exclude(breaks=[]).exists()
    assert SessionItem.objects.filter(session__client=sofia, too_much=True).count() == 2


def test_maria_may_write_and_has_read_everything_there_is(demo):
    sofia = _sofia()
    grant = CareGrant.objects.active().get(client=sofia)
    assert (grant.grantee.email, grant.access) == ("therapist@example.com", "write")
    assert sofia.therapists.get().user == grant.grantee
    seen = ClientSeen.objects.get(client=sofia, therapist=grant.grantee).seen
    newest = max(
        *LimitChange.objects.filter(client=sofia).values_list("created", flat=True),
        *sofia.sessions.values_list("created", flat=True),
    )
    assert newest <= seen == NOW


def test_every_login_works_with_the_demo_password(demo):
    for email in ["demo@example.com", "therapist@example.com", "other@example.com"]:
        assert authenticate(username=email, password=DEMO_PASSWORD) is not None, email


def test_an_account_already_here_is_left_as_it_is(demo):
    sofia = _sofia()
    sofia.sessions.first().delete()
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        load_demo(today=AS_OF + dt.timedelta(days=3))
    assert sofia.sessions.count() == 7
    assert CareGrant.objects.active().filter(client=sofia).count() == 1
