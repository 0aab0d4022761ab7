"""`manage reminder_worker` and its front door `safetouch worker`: send_reminders in a loop."""

from __future__ import annotations

import signal
from io import StringIO

import pytest
import time_machine
from click.testing import CliRunner
from django.core import mail
from django.core.management import CommandError, call_command

from safetouch.cli import main
from tests.reminders.test_send_reminders import NOW, practice

__all__ = ["practice"]  # the fixture


# The worker runs outside any transaction, as in production: it closes stale connections
# before each run, which inside a test's transaction would end that transaction.
def test_once_it_sends_what_is_due_and_says_so(transactional_db, practice, bob):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("reminder_worker", once=True, stdout=out)
    assert out.getvalue().splitlines() == [
        "Reminder worker: sending due reminders every 300 s",
        "reminders: 3 due, 3 sent, 0 failed",
    ]
    assert len(mail.outbox) == 3


def test_the_front_door_runs_the_same_loop_and_sends_nothing_twice(
    transactional_db, practice, bob
):
    with time_machine.travel(NOW, tick=False):
        call_command("reminder_worker", once=True, stdout=StringIO())
        result = CliRunner().invoke(main, ["worker", "--once", "--every", "60"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Reminder worker: sending due reminders every 60 s",
        "reminders: 3 due, 0 sent, 0 failed",
    ]
    assert len(mail.outbox) == 3


def test_it_gives_ctrl_c_back_when_it_stops(db):
    before = signal.getsignal(signal.SIGINT)
    call_command("reminder_worker", once=True, stdout=StringIO())
    assert signal.getsignal(signal.SIGINT) is before


def test_it_refuses_to_run_more_often_than_every_10_seconds(db):
    with pytest.raises(CommandError, match="^--every: must be at least 10 seconds$"):
        call_command("reminder_worker", every=5, once=True)
    result = CliRunner().invoke(main, ["worker", "--every", "5"])
    assert result.exit_code == 2
    assert "--every" in result.output
