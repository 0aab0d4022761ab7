"""`safetouch backup` and `safetouch restore` round-trip a real database, byte for byte in content.

These run the real command in subprocesses against a database of their own: a SQLite
file always, and a scratch PostgreSQL database when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.management import CommandError, call_command

from bench.service import scratch_database
from safetouch.cli import main

SAFETOUCH = str(Path(sys.executable).parent / "safetouch")
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _run(env: dict, *args: str) -> str:
    done = subprocess.run([SAFETOUCH, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _snapshot(env: dict) -> list:
    out = _run(env, "manage", "dumpdata", "accounts", "clients", "treatments", "--indent", "0")
    return sorted(json.loads(out), key=lambda row: (row["model"], str(row["pk"])))


def _round_trip(env: dict, backup_file: Path, via: tuple[str, ...] = ()) -> None:
    _run(env, "demo")
    before = _snapshot(env)
    assert len(before) > 50
    _run(env, *via, "backup", str(backup_file))
    wipe = "from safetouch.treatments.models import MassageSession as M; M.objects.all().delete()"
    _run(env, "manage", "shell", "-c", wipe)
    assert _snapshot(env) != before
    _run(env, *via, "restore", "--yes", str(backup_file))
    assert _snapshot(env) == before


@pytest.mark.parametrize("via", [(), ("manage",)], ids=["safetouch", "manage"])
def test_sqlite_round_trip(tmp_path, via):
    with scratch_database("sqlite") as url:  # migrated
        _round_trip({**os.environ, "DATABASE_URL": url}, tmp_path / "backup.sqlite3", via)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    with scratch_database("sqlite") as url:
        env = {**os.environ, "DATABASE_URL": url}
        done = subprocess.run(
            [SAFETOUCH, "restore", "--yes", str(junk)], env=env, capture_output=True, text=True
        )
    assert done.returncode != 0
    assert "backup file" in done.stderr


@pytest.mark.each_database
@pytest.mark.skipif(not ON_POSTGRES, reason="the suite runs on SQLite")
def test_postgres_round_trip(tmp_path):
    with scratch_database("postgres") as url:  # a migrated copy of a template
        _round_trip({**os.environ, "DATABASE_URL": url}, tmp_path / "backup.dump")


def test_restore_names_a_missing_file_before_touching_anything(db, tmp_path):
    with pytest.raises(CommandError, match="^backup file: .*gone.sqlite3 does not exist$"):
        call_command("restore", str(tmp_path / "gone.sqlite3"), yes=True)


def test_restore_asks_first_and_a_no_changes_nothing(db, tmp_path, monkeypatch):
    junk = tmp_path / "backup.sqlite3"
    junk.write_text("never read")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    with pytest.raises(CommandError, match="^restore: aborted, nothing was changed$"):
        call_command("restore", str(junk))
    result = CliRunner().invoke(main, ["restore", str(junk)], input="n\n")
    assert result.exit_code == 1
    assert "Aborted!" in result.output
