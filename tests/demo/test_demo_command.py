"""`manage demo` and its front door `safetouch demo`: the same logins, the same errors."""

from __future__ import annotations

from io import StringIO

import pytest
from click.testing import CliRunner
from django.core.management import CommandError, call_command

from safetouch.cli import main
from safetouch.treatments.models import MassageSession

LOGINS = ["demo@example.com", "therapist@example.com", "other@example.com"]


def test_the_command_loads_the_demo_as_of_a_day_and_prints_the_logins(db):
    out = StringIO()
    call_command("demo", as_of="2026-11-01", stdout=out)
    text = out.getvalue()
    assert text.startswith("Demo practice ready. Log in with password safetouch-demo as:")
    assert all(f"  {email:<26} " in text for email in LOGINS)
    latest = MassageSession.objects.filter(client__user__email="demo@example.com").latest("date")
    assert latest.date.isoformat() == "2026-10-23"


def test_the_command_names_a_bad_day(db):
    with pytest.raises(CommandError, match="^--as-of: '1 Nov' is not a date"):
        call_command("demo", as_of="1 Nov")
    assert not MassageSession.objects.exists()


def test_the_front_door_prints_what_the_command_prints(db):
    out = StringIO()
    call_command("demo", stdout=out)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert result.output == out.getvalue()


def test_the_front_door_names_a_bad_day_and_exits_1(db):
    result = CliRunner().invoke(main, ["demo", "--as-of", "2026-13-01"])
    assert result.exit_code == 1
    assert "Error: --as-of: '2026-13-01' is not a date" in result.output
