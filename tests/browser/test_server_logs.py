"""A person's whole visit, on the real servers, leaves no secret and no note in their logs.

The development server and gunicorn each serve a scratch copy of the demo practice with
their log in a file. Chromium logs in as Sofia, writes notes holding a marker, makes a
share link and a calendar address and opens both as a therapist and a calendar app
would, and tries a wrong password. The logs are then read line by line.
"""

from __future__ import annotations

import os
import re
import subprocess

import httpx
import pytest

from bench.service import SAFETOUCH, scratch_database
from tests.security.test_log_secrets import serving

pytestmark = pytest.mark.browser

MARKER = "LOGMARKER-3f9a"
RAW_TOKEN = re.compile(r"/(?:shared|feeds)/(?!\[token\])[^/\s\"]+")


def _visit(browser, base: str) -> list[str]:
    """Sofia's visit; returns the secrets she was shown (share link, calendar address)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "demo@example.com")
    page.fill("#id_password", "not her password")
    page.click("main button[type=submit]")
    page.fill("#id_username", "demo@example.com")
    page.fill("#id_password", "safetouch-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    client = re.search(r"/clients/(\d+)/", page.content())[1]

    page.goto(f"{base}/clients/{client}/sessions/new/")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_minutes", "40")
    page.fill("#id_notes", f"{MARKER} sore left calf")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    page.goto(page.url + "outcome/")
    page.check("#id_flare_0")
    page.fill("#id_notes", f"{MARKER} fine next day")
    page.click("main button[type=submit]")

    page.goto(f"{base}/clients/{client}/share/")
    page.fill("#id_therapist_name", "Dana")
    page.click("#create-link")
    share = page.input_value("#new-link-url")
    page.goto(f"{base}/clients/{client}/between/routine/")
    page.click("text=Get a calendar address")
    feed = page.input_value(".feed-url")

    stranger = browser.new_page()
    stranger.goto(share)
    httpx.get(share + "sheet.pdf", timeout=60)
    httpx.get(feed, timeout=30)
    httpx.get(feed.replace("/reminders.ics", "-x/reminders.ics"), timeout=30)  # a 404
    stranger.close()
    page.close()
    return [share.split("/shared/")[1].strip("/"), feed.split("/feeds/")[1].split("/")[0]]


@pytest.mark.parametrize("workers", [0, 1], ids=["development server", "gunicorn"])
def test_a_whole_visit_leaves_no_secret_or_note_in_the_server_log(browser, tmp_path, workers):
    log_path = tmp_path / "server.log"
    with scratch_database("sqlite") as url:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "INFO"}
        subprocess.run([SAFETOUCH, "demo"], env=env, check=True, capture_output=True)
        with serving(url, workers, log_path) as base:
            secrets = _visit(browser, base)
    text = log_path.read_text()
    lines = text.splitlines()
    assert sum("/shared/[token]" in line for line in lines) >= 2, text[-3000:]
    assert sum("/feeds/[token]" in line for line in lines) >= 2, text[-3000:]
    leaks = [line for line in lines if RAW_TOKEN.search(line) or MARKER in line]
    leaks += [line for line in lines for secret in secrets if secret in line]
    assert not leaks, "\n".join(leaks)
    print(f"{len(lines)} log lines, 0 raw tokens, 0 markers")
