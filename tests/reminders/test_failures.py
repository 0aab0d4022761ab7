"""A mail server that fails: nothing is marked sent, the next run sends it, and the log
line names no address and no text of the email."""

from __future__ import annotations

import datetime as dt
import logging

import time_machine
from django.core import mail

from safetouch.checkins.models import Preferences
from safetouch.checkins.services import routine_set
from safetouch.reminders.models import Reminder
from safetouch.reminders.sending import send_reminders

NOW = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)  # 18:00 in Los Angeles


class Refusing:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("alice@example.com refused: Time for your stretches")


def test_a_failed_send_is_tried_again_and_logs_nothing_personal(alice_profile, settings, caplog):
    alice = alice_profile.user
    alice.time_zone = "America/Los_Angeles"
    alice.save()
    routine_set(client=alice_profile, stretches=["calf_wall"])
    Preferences.objects.update_or_create(client=alice_profile, defaults={"stretch_days": 7})

    settings.EMAIL_BACKEND = "tests.reminders.test_failures.Refusing"
    with time_machine.travel(NOW, tick=False), caplog.at_level(logging.WARNING):
        result = send_reminders()
    assert (result.sent, result.failed) == (0, 1)
    assert Reminder.objects.get().sent is None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ConnectionRefusedError" in logged
    assert "alice@" not in logged and "stretches" not in logged

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        assert send_reminders().sent == 1
    assert len(mail.outbox) == 1 and Reminder.objects.get().sent is not None
