"""Shared fixtures: the same named people in every test.

alice is a client; bob is her therapist who logs sessions and outcomes (and may make her
limits stricter); erin is a therapist she lets edit her limits too; carol is a therapist
who may only read; charlie is another client, a stranger to alice's records.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import threading
import time

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"
CLOCK_AHEAD = "SAFETOUCH_TEST_CLOCK_AHEAD_DAYS"


def pytest_configure(config):
    """Runs the longest test files first (LongFirst). `SAFETOUCH_TEST_CLOCK_AHEAD_DAYS=365
    pytest` runs the suite with the clock a year ahead (time-machine, ticking), to prove
    no test depends on today's date. Tests that freeze the clock themselves still do;
    browsers and servers in other processes keep the real clock."""
    config.pluginmanager.register(LongFirst(), "safetouch-long-first")
    days = os.environ.get(CLOCK_AHEAD)
    if days:
        import time_machine

        ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=int(days))
        config._clock_ahead = time_machine.travel(ahead, tick=True)
        config._clock_ahead.start()


# Asking for any of these (or carrying the django_db marker) gives a test the database.
# (django_db_blocker is not one: every test has it, through pytest-django's autouse fixtures.)
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "_django_db_helper",
    }
)


def uses_database(item) -> bool:
    """Whether a test's outcome can depend on which database the suite runs on: it asks
    for the database through pytest-django, or is marked `each_database` because it
    reads the configured database some other way (a server or command of its own). A
    test with a skipif counts as using it too: its condition may name the database (as
    `not ON_POSTGRES` does), and a test skipped on SQLite must not be left out of the
    PostgreSQL run."""
    if any(item.get_closest_marker(name) for name in ("django_db", "each_database", "skipif")):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


# The files whose tests each take from 10 s to a minute, longest first: servers started
# in subprocesses, writers racing a killed server, real commands, hundreds of HTTP cases.
LONG_FIRST = (
    "tests/test_reliability.py",
    "tests/test_backup.py",
    "tests/browser/test_server_logs.py",
    "tests/security/test_log_secrets.py",
    "tests/api/test_schemathesis.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark `dbless` every test that never reaches the database. pytest-django blocks the
    database for them, so their outcome is the same on SQLite and PostgreSQL, and the
    PostgreSQL run leaves them out (`make test-postgres` passes `-m "not dbless"`).
    Runs before `-m` deselects, so the marker counts there."""
    for item in items:
        if not uses_database(item):
            item.add_marker(pytest.mark.dbless)


class LongFirst:
    """Runs the LONG_FIRST files first. pytest-xdist's worksteal hands each worker a run
    of tests and lets an idle one take from the end of another's, so a long test left at
    the end (these files come last by name, and pytest-django moves tests without the
    database or with a live server after the others) runs alone while the other worker
    has nothing left to do. Last of the hooks, so after pytest-django's ordering."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        def rank(item) -> int:
            path = item.nodeid.split("::")[0]
            return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

        items.sort(key=rank)


def pytest_report_header(config):
    if os.environ.get(CLOCK_AHEAD):
        return f"clock moved {os.environ[CLOCK_AHEAD]} days ahead: {dt.datetime.now(dt.UTC)}"
    return None


@pytest.fixture(autouse=True)
def _empty_cache():
    # Forecasts, charts and PDFs are cached per process; no test may see another's.
    from django.conf import settings

    if not settings.configured:  # a run without Django (the engine alone) has no cache
        yield
        return
    from django.core.cache import cache

    from safetouch.core.cache import forget_remembered

    cache.clear()
    forget_remembered()
    yield
    cache.clear()
    forget_remembered()


class InFlight:
    """Counts the live server's connections from the moment one is waiting to be
    accepted until its request thread has finished everything it does after the answer
    (the response's close, the request_finished signal, closing connections). A browser
    sees its answer before that work ends, and on in-memory SQLite the work runs on the
    very connection the test's database is emptied through."""

    def __init__(self, server) -> None:
        self.server = server
        self.count = 0
        self.changed = threading.Condition()
        accept_one = server._handle_request_noblock
        start_thread = server.process_request
        handle = server.process_request_thread

        def counted_accept() -> None:
            self._add(1)
            try:
                accept_one()
            finally:
                self._add(-1)

        def counted_start(request, client_address) -> None:
            self._add(1)  # before the accepting call above gives up its own count
            try:
                start_thread(request, client_address)
            except BaseException:
                self._add(-1)
                raise

        def counted_handle(request, client_address) -> None:
            try:
                handle(request, client_address)
            finally:
                self._add(-1)

        server._handle_request_noblock = counted_accept
        server.process_request = counted_start
        server.process_request_thread = counted_handle

    def _add(self, n: int) -> None:
        with self.changed:
            self.count += n
            self.changed.notify_all()

    def _waiting_to_be_accepted(self) -> bool:
        return bool(select.select([self.server.socket], [], [], 0)[0])

    def wait_quiet(self, timeout: float = 20) -> None:
        """Return once no connection is waiting and none is being handled. Called after
        the test's pages closed: a connection still open then is a test's bug."""
        until = time.monotonic() + timeout
        with self.changed:
            while self._waiting_to_be_accepted() or self.count:
                left = until - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the live server still handles {self.count} connection(s) "
                        f"{timeout:.0f} s after the test; a page or client left open?"
                    )
                self.changed.wait(min(left, 0.05))


@pytest.fixture(autouse=True)
def _live_server_quiet_before_flush(request):
    """A test on the live server ends only when the server has answered everything it
    was asked and finished with each request. pytest-django empties the test database
    right after the test's fixtures are torn down; a request thread still at work then
    would meet a locked table on SQLite, or write into the next test's database.

    Autouse, so it is torn down after the test's own fixtures (the pages they close),
    and it asks for the database first, so it is torn down before the database is
    emptied."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    server = request.getfixturevalue("live_server").thread.httpd
    in_flight = getattr(server, "in_flight", None) or InFlight(server)
    server.in_flight = in_flight
    yield
    in_flight.wait_quiet()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests only need one that works.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db):
    from safetouch.accounts.services import account_create

    return account_create(
        email="alice@example.com", password=PASSWORD, first_name="Alice", role="client"
    )


@pytest.fixture
def alice_profile(alice):
    return alice.client_profile


@pytest.fixture
def bob(db, alice_profile):
    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant

    bob = account_create(
        email="bob@example.com", password=PASSWORD, first_name="Bob", role="therapist"
    )
    CareGrant.objects.create(client=alice_profile, grantee=bob, access="write")
    return bob


@pytest.fixture
def carol(db, alice_profile):
    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant

    carol = account_create(
        email="carol@example.com", password=PASSWORD, first_name="Carol", role="therapist"
    )
    CareGrant.objects.create(client=alice_profile, grantee=carol, access="read")
    return carol


@pytest.fixture
def erin(db, alice_profile):
    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant

    erin = account_create(
        email="erin@example.com", password=PASSWORD, first_name="Erin", role="therapist"
    )
    CareGrant.objects.create(client=alice_profile, grantee=erin, access="limits")
    return erin


@pytest.fixture
def charlie(db):
    from safetouch.accounts.services import account_create

    return account_create(
        email="charlie@example.com", password=PASSWORD, first_name="Charlie", role="client"
    )


@pytest.fixture
def alice_session(alice_profile):
    from safetouch.treatments.services import item_add, session_create

    session = session_create(
        client=alice_profile, date=dt.date(2026, 11, 1), minutes=45, position="side_lying"
    )
    item_add(session=session, region="calf_left", technique="petrissage", pressure=3, minutes=10)
    return session


def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


@pytest.fixture(scope="session", autouse=True)
def _axes_off_unless_asked():
    """django-axes refuses a login without a request, and Client.login() has none; so
    lockout is off in tests, and the tests of lockout turn it on with `settings`."""
    from django.conf import settings

    settings.AXES_ENABLED = False


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Creating the named users with the production hasher costs a second a test."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
