"""No log line holds a secret: share and feed tokens, API tokens, codes in a query.

The real servers run here, the development server and gunicorn, each with its log in a
file; the test then greps those files as an operator would.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from contextlib import contextmanager

import httpx
import pytest

from bench.service import SAFETOUCH, free_port, scratch_database
from safetouch.core.logsafety import RedactSecrets, redact

SETUP = """
import json
from safetouch.accounts.services import account_create
from safetouch.checkins.services import feed_create
from safetouch.handoff.services import share_link_create
user = account_create(email="logs@example.com", password="correct-horse-battery",
                      first_name="Lena", role="client")
_, share = share_link_create(client=user.client_profile, therapist_name="Dana", days=7)
feed = feed_create(client=user.client_profile)
print(json.dumps({"share": share, "feed": feed}))
"""


def _secrets(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [SAFETOUCH, "manage", "shell", "-c", SETUP],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def serving(url: str, workers: int, log_path):
    """`safetouch serve` (the development server, or gunicorn with `workers`) on a free
    loopback port, its whole output in `log_path`; yields the base URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "INFO"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [SAFETOUCH, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(base + "/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def _serve_and_log(url: str, workers: int, paths: list[str], log_path) -> str:
    with serving(url, workers, log_path) as base:
        for path in paths:
            httpx.get(base + path, timeout=30)
    return log_path.read_text()


@pytest.mark.parametrize("workers", [0, 1], ids=["development server", "gunicorn"])
def test_the_server_logs_hold_no_token(tmp_path, workers):
    with scratch_database("sqlite") as url:
        secret = _secrets(url)
        share, feed = secret["share"], secret["feed"]
        api_token = "st_" + "Q" * 43
        paths = [
            f"/shared/{share}/",
            f"/shared/{share}/sheet.pdf",
            f"/feeds/{feed}/reminders.ics",
            f"/feeds/{feed}-wrong/reminders.ics",  # a 404 is logged at WARNING as well
            f"/no/such/page/shared/{share}/",  # whatever comes before it
            f"/accounts/login/?next=/x&code=ABCD-EFGH-JKMN&token={api_token}",
        ]
        text = _serve_and_log(url, workers, paths, tmp_path / "server.log")
    assert "/shared/[token]" in text and "/feeds/[token]" in text, text[-2000:]
    for raw in [share, feed, api_token, "ABCD-EFGH-JKMN"]:
        assert raw not in text, f"{raw} reached the log:\n{text[-3000:]}"


def test_the_redaction_covers_every_place_in_a_line():
    assert redact("GET /shared/abcDEF_-123/ 200") == "GET /shared/[token]/ 200"
    assert redact('"GET /x/feeds/tok-EN_1/reminders.ics HTTP/1.1"') == (
        '"GET /x/feeds/[token]/reminders.ics HTTP/1.1"'
    )
    assert redact("Bearer st_abcdefghijklmnop") == "Bearer st_[token]"
    assert redact("/accept/?CODE=AB12&x=1") == "/accept/?CODE=[redacted]&x=1"


def test_the_filter_rewrites_arguments_and_tracebacks():
    import logging
    import sys

    try:
        raise ValueError("bad path /shared/SECRET123/")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "x", logging.ERROR, "f", 1, "Error on %s", ("/feeds/SECRET456/a.ics",), exc_info
    )
    RedactSecrets().filter(record)
    line = logging.Formatter().format(record)
    assert "SECRET123" not in line and "SECRET456" not in line
    assert "/feeds/[token]/a.ics" in line
