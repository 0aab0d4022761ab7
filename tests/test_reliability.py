"""No acknowledged write is lost when the server is killed, and no writer sees a lock error.

These start the production server (gunicorn) on a loopback port against a database of
their own, using the same code as `make bench`, in its quick mode.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from bench.service import concurrency, crash

DB = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
# The server's database is the suite's kind, not pytest-django's: run these on each.
pytestmark = pytest.mark.each_database


def test_no_acknowledged_write_is_lost_when_the_server_is_killed():
    result = crash(DB, quick=True)
    assert result["acknowledged_writes"] > 20, result
    assert result["acknowledged_lost"] == 0, result
    assert result["integrity_check"] in {"ok", "n/a (PostgreSQL)"}, result


def test_eight_concurrent_writers_never_see_a_lock_error():
    result = concurrency(DB, quick=True)
    assert result["writes"] > 50, result
    assert result["locked_errors"] == 0, result
    assert result["other_errors"] == 0, result
