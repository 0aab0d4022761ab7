"""Two `send_reminders` processes at once against PostgreSQL send each reminder once."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench.service import SAFETOUCH
from safetouch.accounts.services import account_create
from safetouch.checkins.models import Preferences
from safetouch.checkins.services import routine_set
from safetouch.reminders.models import Reminder
from safetouch.treatments.services import session_create

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 30


def _zone_at_evening(now: dt.datetime) -> str:
    """A fixed-offset zone where it is 20:00-ish now, so the stretching nudge (from 17:00)
    and the outcome question (from 09:00) are both due, whatever the real clock says."""
    offset = (20 - now.hour + 12) % 24 - 12  # -12..+11 hours
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-5 is UTC+5


def _url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks (SKIP LOCKED) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_reminder_exactly_once(tmp_path):
    now = dt.datetime.now(dt.UTC)
    zone = _zone_at_evening(now)
    for n in range(CLIENTS):
        user = account_create(
            email=f"c{n}@example.com",
            password="correct-horse-battery",
            first_name=f"C{n}",
            role="client",
            time_zone=zone,
        )
        profile = user.client_profile
        routine_set(client=profile, stretches=["calf_wall"])
        Preferences.objects.update_or_create(client=profile, defaults={"stretch_days": 7})
        local_yesterday = now.astimezone(user.zone).date() - dt.timedelta(days=1)
        session_create(client=profile, date=local_yesterday, minutes=45, position="side_lying")

    env = {
        **os.environ,
        "DATABASE_URL": _url(),
        "EMAIL_BACKEND": "tests.reminders.countingmail.EmailBackend",
        "COUNTING_MAIL_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    senders = [
        subprocess.Popen(
            [SAFETOUCH, "manage", "send_reminders"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=180) for sender in senders]
    for sender, (_out, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err

    sent = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    copies = Counter((m["to"][0], m["subject"]) for m in sent)
    assert len(copies) == 2 * CLIENTS  # a stretching nudge and an outcome question each
    assert set(copies.values()) == {1}, "a reminder went out twice"
    assert Reminder.objects.filter(sent__isnull=False).count() == 2 * CLIENTS
    # Each process reports what it sent itself; together, each reminder once.
    counts = [int(out.split(" sent")[0].split(", ")[-1]) for out, _ in outputs]
    assert sum(counts) == 2 * CLIENTS
