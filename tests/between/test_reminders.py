"""Calendar reminders: an .ics file and a revocable feed, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from safetouch.checkins.models import FeedToken
from safetouch.clients.models import ClientProfile
from safetouch.demo.services import load_demo
from tests.conftest import client_for

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def sofia(db):
    with time_machine.travel(dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC), tick=False):
        load_demo(today=TODAY)
        yield ClientProfile.objects.get(user__email="demo@example.com")


def _events(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_ics_file_has_the_booking_date_and_stretching_days(sofia):
    response = client_for(sofia.user).get(reverse("reminders_ics", args=[sofia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    events = _events(response.content)
    booking = events["Book your next massage"]
    book_by = booking.decoded("dtstart")
    assert isinstance(book_by, dt.date) and book_by >= TODAY
    assert "Book your next massage by" in str(booking["description"])
    stretching = events["Stretching routine"]
    assert stretching["rrule"]["FREQ"] == ["WEEKLY"]
    assert len(stretching["rrule"]["BYDAY"]) == 5
    assert "Calf wall stretch" in str(stretching["description"])


def test_it_refuses_the_ics_file_to_a_stranger(sofia, charlie):
    response = client_for(charlie).get(reverse("reminders_ics", args=[sofia.pk]))
    assert response.status_code == 404


def test_a_feed_works_without_login_until_revoked(sofia):
    owner = client_for(sofia.user)
    page = owner.post(reverse("feed_create", args=[sofia.pk]))
    url = page.context["feed_url"]
    path = url.split("testserver", 1)[1]
    token = path.split("/")[2]
    assert not FeedToken.objects.filter(token_hash=token).exists()  # stored hashed
    assert FeedToken.objects.filter(token_hash=FeedToken.hash(token)).exists()
    feed = Client().get(path)
    assert feed.status_code == 200
    assert "Book your next massage" in _events(feed.content)
    owner.post(reverse("feed_revoke", args=[sofia.pk]))
    assert Client().get(path).status_code == 404


def test_a_new_address_retires_the_old_one(sofia):
    owner = client_for(sofia.user)
    first = owner.post(reverse("feed_create", args=[sofia.pk])).context["feed_url"]
    second = owner.post(reverse("feed_create", args=[sofia.pk])).context["feed_url"]
    old, new = (u.split("testserver", 1)[1] for u in (first, second))
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_an_unknown_token_is_not_found(db):
    assert Client().get("/feeds/not-a-token/reminders.ics").status_code == 404


def test_only_she_can_hand_out_a_feed(sofia):
    from safetouch.accounts.models import User

    maria = User.objects.get(email="therapist@example.com")  # may write, is not her
    assert client_for(maria).post(reverse("feed_create", args=[sofia.pk])).status_code == 404
    assert not FeedToken.objects.exists()
