"""Reminder emails: each kind once over two runs, in her zone, and unsubscribing stops it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from safetouch.checkins.models import Preferences
from safetouch.checkins.selectors import forecast_for
from safetouch.checkins.services import routine_set
from safetouch.clients.models import ClientProfile
from safetouch.demo.services import load_demo
from safetouch.reminders.models import Kind, Reminder
from safetouch.reminders.sending import send_reminders
from safetouch.treatments.services import outcome_record, session_create

# 02:00 UTC on Wed 2 Dec 2026 is 18:00 on Tue 1 Dec in Los Angeles, 21:00 in New York.
NOW = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def practice(alice_profile, bob):
    """Alice in Los Angeles: a routine for every day, Monday's session without an outcome,
    Sunday's with a flare. Bob, her therapist, in New York."""
    alice = alice_profile.user
    alice.time_zone = "America/Los_Angeles"
    alice.save()
    bob.time_zone = "America/New_York"
    bob.save()
    prefs = (
        alice_profile.between_preferences
        if hasattr(alice_profile, "between_preferences")
        else None
    )

    prefs = prefs or Preferences.objects.create(client=alice_profile)
    prefs.stretch_days = 7
    prefs.save()
    routine_set(client=alice_profile, stretches=["calf_wall"])
    with time_machine.travel(NOW, tick=False):
        session_create(
            client=alice_profile, date=dt.date(2026, 11, 30), minutes=45, position="side_lying"
        )
        flared = session_create(
            client=alice_profile, date=dt.date(2026, 11, 29), minutes=45, position="side_lying"
        )
        outcome_record(session=flared, flare=True, hours_after=6, notes="left SI locked")
    return alice_profile


def _sent(kind: str) -> list:
    subjects = {
        Kind.STRETCHING: "Time for your stretches",
        Kind.OUTCOME: "How were your joints after yesterday",
        Kind.FLARE: "joints flared after",
        Kind.BOOKING: "Your massage is due",
    }
    return [m for m in mail.outbox if subjects[kind] in m.subject]


def test_each_kind_goes_once_over_two_runs(practice, bob):
    with time_machine.travel(NOW, tick=False):
        first = send_reminders()
        second = send_reminders()
    assert first.sent == 3 and second.sent == 0
    assert len(mail.outbox) == 3
    (stretch,) = _sent(Kind.STRETCHING)
    (outcome,) = _sent(Kind.OUTCOME)
    (flare,) = _sent(Kind.FLARE)
    assert stretch.to == outcome.to == ["alice@example.com"]
    assert flare.to == ["bob@example.com"]
    assert flare.subject == "Alice's joints flared after Sunday's session"
    # Her day, not UTC's: Monday 30 Nov was yesterday in Los Angeles.
    assert "Mon 30 Nov 2026" in outcome.body
    assert Reminder.objects.filter(sent__isnull=False).count() == 3


def test_emails_say_no_more_than_the_fact(practice, bob):
    with time_machine.travel(NOW, tick=False):
        send_reminders()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        for secret in ("left SI locked", "6 hours", "calf", "Calf"):
            assert secret not in message.body and secret not in html


def test_nothing_goes_before_her_local_hour(practice, bob):
    # 15:00 in Los Angeles: the outcome question (from 09:00) goes, the stretching nudge
    # (from 17:00) waits.
    with time_machine.travel(dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.UTC), tick=False):
        send_reminders()
    assert _sent(Kind.OUTCOME) and not _sent(Kind.STRETCHING)


def test_the_headers_offer_one_click_unsubscribe_that_stops_that_kind(practice, bob):
    with time_machine.travel(NOW, tick=False):
        send_reminders()
    (stretch,) = _sent(Kind.STRETCHING)
    header = stretch.extra_headers["List-Unsubscribe"]
    assert stretch.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in stretch.body and url in stretch.alternatives[0][0]
    path = url.removeprefix("http://127.0.0.1:8000")

    # A link scanner's GET changes nothing; the mail client's POST (no cookie, no CSRF
    # token) turns the kind off.
    mail_client = Client(enforce_csrf_checks=True)
    assert mail_client.get(path).status_code == 200
    practice.user.refresh_from_db()
    assert practice.user.remind_stretching
    done = mail_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"Unsubscribed" in done.content
    practice.user.refresh_from_db()
    assert not practice.user.remind_stretching and practice.user.remind_outcome

    mail.outbox.clear()
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        send_reminders()
    assert not _sent(Kind.STRETCHING)


def test_a_forged_unsubscribe_link_is_not_found(practice):
    assert Client().post("/unsubscribe/eyJ1IjoxLCJrIjoiZmxhcmUifQ:bad:sig/").status_code == 404


def test_settings_turn_a_kind_off(practice, bob):
    from tests.conftest import client_for

    c = client_for(practice.user)
    page = c.get("/account/settings/")
    assert b"On my stretching days" in page.content and b"flared" not in page.content
    saved = c.post(
        "/account/settings/",
        {"time_zone": "America/Los_Angeles", "remind_booking": "on", "remind_outcome": "on"},
    )
    assert saved.status_code == 302
    with time_machine.travel(NOW, tick=False):
        send_reminders()
    assert not _sent(Kind.STRETCHING) and _sent(Kind.OUTCOME)


def test_a_bad_time_zone_names_the_field(practice):
    from tests.conftest import client_for

    page = client_for(practice.user).post("/account/settings/", {"time_zone": "Mars/Olympus"})
    assert page.status_code == 422 and b"time_zone" in page.content


def test_the_booking_reminder_goes_once_when_the_window_opens(db):
    today = dt.date(2026, 11, 23)
    with time_machine.travel(dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC), tick=False):
        load_demo(today=today)
    sofia = ClientProfile.objects.get(user__email="demo@example.com")
    sofia.user.remind_stretching = sofia.user.remind_outcome = False
    sofia.user.save()
    forecast = forecast_for(sofia, today=today)
    assert forecast.book_by is not None
    opens = forecast.earliest or forecast.book_by
    day = max(today, opens if forecast.status != "due" else today)
    at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False):
        send_reminders()
        send_reminders()
    with time_machine.travel(at + dt.timedelta(days=1), tick=False):
        send_reminders()  # the next day: she was told once since her last massage
    (booking,) = _sent(Kind.BOOKING)
    assert booking.to == ["demo@example.com"]
    assert booking.subject.startswith("Your massage is due: book by ")


def test_the_command_reports_what_it_did(practice, bob, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    out = capsys.readouterr().out
    assert "3 due, 3 sent, 0 failed" in out and "3 due, 0 sent, 0 failed" in out
