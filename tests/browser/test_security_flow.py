"""A full browser run of sharing and record keeping, checked three ways: every access to
a client's records is in the audit trail, no health data reaches a log line or a URL,
and the Content-Security-Policy blocks nothing the pages need.
"""

from __future__ import annotations

import logging
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from safetouch.audit.models import AccessEvent
from tests.browser.conftest import login, settled, shoot
from tests.conftest import PASSWORD

MARKER = "ZQX-private-marker-4417"
pytestmark = pytest.mark.browser


class Everything(logging.Handler):
    """Keeps every log record of every logger, formatted as it would be printed."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text} {record.__dict__.get('request', '')}")


@pytest.fixture
def every_log_line():
    handler = Everything()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    saved = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield handler.lines
    for lg, level in saved:
        lg.removeHandler(handler)
        lg.setLevel(level)


class Requests:
    """Every request the browser made, with the account it was made as."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str, int]] = []
        self.who = ""

    def watch(self, page) -> None:
        page.on("response", self._response)

    def _response(self, response) -> None:
        request = response.request
        self.seen.append((self.who, request.method, request.url, response.status))


def _health_record_requests(seen) -> Counter:
    """(email, view name, method) of each request for a client's records not refused."""
    wanted: Counter = Counter()
    for who, method, url, status in seen:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if "client_id" in match.kwargs and status not in (403, 404, 405):
            wanted[(who, match.view_name, method)] += 1
    return wanted


def _audited() -> Counter:
    rows = AccessEvent.objects.filter(actor__isnull=False).values_list(
        "actor__email", "action", "method"
    )
    # A request that reads and then writes leaves two rows; count requests, not rows.
    return Counter(rows)


def test_a_full_run_is_audited_and_leaks_nothing(
    page, alice, alice_profile, alice_session, every_log_line
):
    from safetouch.clients.models import ClientProfile

    ClientProfile.objects.filter(pk=alice.client_profile.pk).update(
        positioning_notes=f"Pillow between knees {MARKER}"
    )
    alice_session.notes = f"Upper back hurt {MARKER}"
    alice_session.save()
    from safetouch.accounts.services import account_create

    account_create(email="tom@example.com", password=PASSWORD, first_name="Tom", role="therapist")
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    requests = Requests()
    requests.watch(page)
    cid, sid = alice_profile.pk, alice_session.pk

    # Alice makes a code for her new therapist.
    requests.who = "alice@example.com"
    login(page, "alice@example.com", PASSWORD)
    page.click("text=Who may see my records")
    page.check("input[name=how][value=code]")
    page.check("input[name=access][value=write]")
    page.click("main button:has-text('Invite')")
    code = page.inner_text(".code-callout .code")
    shoot(page, "security-sharing-code")
    page.click("text=Log out")

    # Tom enters it, reads her records and logs a session with a too-much flag.
    requests.who = "tom@example.com"
    login(page, "tom@example.com", PASSWORD)
    page.goto(page.base + "/clients/")
    page.fill("#id_code", code)
    page.click("text=Accept the code")
    page.wait_for_selector("text=You now have access to Alice's records (log sessions")
    shoot(page, "security-client-list")
    page.click("text=Body map")
    page.wait_for_url("**/body-map/")  # app.js has run: a region opens the chooser
    page.click("#region-calf_left")  # app.js and htmx under the CSP
    page.check("#zone-dialog input[name=rule][value=focus]")
    page.click("#zone-dialog button[type=submit]")
    page.wait_for_selector("#region-calf_left[aria-label*='focus']")
    page.goto(page.base + f"/clients/{cid}/preferences/")
    page.goto(page.base + f"/clients/{cid}/sessions/{sid}/")
    assert MARKER in page.content()  # the planted text was really shown
    page.goto(page.base + f"/clients/{cid}/sessions/new/")
    page.fill("#id_notes", f"Tried the hamstrings {MARKER}")
    page.fill("#id_minutes", "400")  # refused on the field: the notes come back in the form
    page.click("main button[type=submit]")
    page.fill("#id_minutes", "45")
    page.click("main button[type=submit]")
    page.wait_for_selector("#session-items")
    settled(page)  # htmx, not the form's plain post, adds the item
    page.select_option("#id_region", "calf_right")
    page.select_option("#id_technique", "petrissage")
    page.check("#id_too_much")
    page.click("#session-items button[type=submit]:has-text('Add')")
    page.wait_for_selector(".item.flagged")
    page.goto(page.base + f"/clients/{cid}/sessions/999999/")  # a 404 page
    assert page.inner_text("h1") == "Not found"
    page.click("text=Log out")

    # Alice sees who looked.
    requests.who = "alice@example.com"
    login(page, "alice@example.com", PASSWORD)
    page.goto(page.base + f"/clients/{cid}/sessions/")
    page.goto(page.base + "/account/access-log/")
    assert "Tom (tom@example.com)" in page.inner_text("main")
    shoot(page, "security-access-log")

    wanted = _health_record_requests(requests.seen)
    audited = _audited()
    missing = {key: n for key, n in wanted.items() if audited[key] < n}
    assert sum(wanted.values()) >= 10
    assert not missing, f"requests with no audit row: {missing}"
    leaks = [line for line in every_log_line if MARKER in line]
    assert not leaks, leaks
    assert len(every_log_line) > 0
    assert not [url for _, _, url, _ in requests.seen if MARKER in url]
    assert not AccessEvent.objects.filter(action__contains=MARKER).exists()
    assert not blocked, blocked
