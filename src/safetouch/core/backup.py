"""Online backup and restore of the whole database: SQLite's backup API, pg_dump on PostgreSQL.

A backup is one file. On SQLite it is itself a database, checked with
`PRAGMA integrity_check` before it is trusted; on PostgreSQL it is pg_dump's custom format.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _settings() -> dict:
    return connections["default"].settings_dict


def _is_sqlite() -> bool:
    return _settings()["ENGINE"] == "django.db.backends.sqlite3"


def backup(target: Path) -> Path:
    """Copy the live database to TARGET while the app keeps running."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        _sqlite_copy(Path(_settings()["NAME"]), target)
        _sqlite_check(target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)])
    return target


def restore(source: Path) -> None:
    """Replace the live database's contents with the backup in SOURCE."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"backup file: {source} does not exist")
    connections.close_all()
    if _is_sqlite():
        _sqlite_check(source)
        _sqlite_copy(source, Path(_settings()["NAME"]))
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(source),
            ],
            dbname_flag=True,
        )


def _sqlite_copy(source: Path, target: Path) -> None:
    # The backup API copies a consistent snapshot page by page, even from a WAL database
    # with writers, which a plain file copy does not.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def _sqlite_check(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"backup file: {path} is not a SQLite database ({exc})") from exc
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"backup file: integrity check failed: {result}")


def _run(command: list[str], *, dbname_flag: bool = False) -> None:
    s = _settings()
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)")
    args = [command[0]]
    args += ["--host", s.get("HOST") or "localhost", "--port", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    args += ["--dbname", s["NAME"]] if dbname_flag else []
    args += command[1:]
    if not dbname_flag:
        args.append(s["NAME"])
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
