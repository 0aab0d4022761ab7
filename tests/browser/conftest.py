"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Screenshots go to var/screenshots/. Outside CI a missing Chromium skips these tests;
under CI=true it fails them, so a broken install cannot pass silently.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs the test's code in a greenlet with a context of its own,
    # and Django keeps a database connection per context: the one opened before would stay
    # open, unseen, until the test database is dropped ("being accessed by other users").
    # So each side closes its connections as it hands over (in-memory SQLite ignores it).
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


def _context(browser, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page; `page.base` is the live server's URL."""
    context = _context(browser, DESKTOP)
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def login(page, email: str, password: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    # A client lands on her dashboard, a therapist on her clients (the workspace).
    page.wait_for_url(re.compile(r".*/(dashboard|practice)/$"))


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot as var/screenshots/NAME.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# What htmx marks while a request is out or a swap is settling.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def settled(page) -> None:
    """Wait until the page's scripts answer: its load event (app.js and htmx are deferred,
    so they have run by then) and the end of htmx's last swap. htmx binds the forms it
    swapped in only when the swap settles (20 ms later); a click before that, or before
    the scripts run, takes the page's no-JavaScript path instead of the one under test.
    (That path works too, so a person is not hurt by it, but the test would pass without
    testing what it says.)"""
    page.wait_for_load_state("load")
    page.wait_for_function(f"() => !document.querySelector({HTMX_BUSY!r})")
