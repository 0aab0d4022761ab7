"""Every export makes the same number of queries for 3 sessions as for 30 (no N+1),
on the web and through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safetouch.checkins.services import checkin_save
from safetouch.records.load import forget_kept
from safetouch.treatments.services import outcome_record, session_create
from tests.api.conftest import api_client
from tests.conftest import client_for

ITEMS = [
    {"region": "calf_left", "technique": "petrissage", "pressure": 3, "minutes": 10},
    {"region": "upper_back", "technique": "effleurage", "pressure": 2, "minutes": 8},
]


def grow(profile, count: int) -> None:
    """Add sessions (two items, an outcome, tightness; some with a therapist) and as many
    check-ins, continuing after the ones she has."""
    start = profile.sessions.count()
    for n in range(start, start + count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=2 * n)
        session = session_create(
            client=profile,
            date=day,
            minutes=45,
            position="side_lying",
            new_therapist="Maria" if n % 2 else "",
            notes=f"Session {n}",
            items=ITEMS,
        )
        outcome_record(
            session=session,
            flare=n % 3 == 0,
            hours_after=6 if n % 3 == 0 else None,
            tightness={"calf_left": (6, 3)},
        )
        checkin_save(
            client=profile,
            at=dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC) + dt.timedelta(days=1),
            training_minutes=30,
            temperature_c=None,
            tightness={"calf_left": 5},
            stretches=["calf_wall"],
        )


WEB = {
    "fhir": "/clients/{id}/export/fhir.json",
    "account": "/clients/{id}/export/account.json",
    "sessions.csv": "/clients/{id}/export/sessions.csv",
    "checkins.csv": "/clients/{id}/export/checkins.csv",
}
API = {
    "fhir": "/api/v1/clients/{id}/export/fhir",
    "account": "/api/v1/clients/{id}/export",
    "sessions.csv": "/api/v1/clients/{id}/export/sessions.csv",
    "checkins.csv": "/api/v1/clients/{id}/export/checkins.csv",
}


def _queries(browser, url: str) -> int:
    forget_kept()  # what the export costs from scratch
    with CaptureQueriesContext(connection) as ctx:
        response = browser.get(url)
        assert response.status_code == 200
        # A streamed body runs its queries while it is read.
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(ctx.captured_queries)


@pytest.fixture
def alice_shared(alice_profile, bob, carol):
    """alice with a write and a read share, so grants and practitioners are exported."""
    return alice_profile


@pytest.mark.parametrize("export", list(WEB))
def test_web_exports_make_as_many_queries_for_30_sessions_as_for_3(alice_shared, export):
    browser = client_for(alice_shared.user)
    url = WEB[export].format(id=alice_shared.pk)
    grow(alice_shared, 3)
    browser.get(url)  # the first request of a session refreshes its expiry; not counted
    small = _queries(browser, url)
    grow(alice_shared, 27)
    assert _queries(browser, url) == small


@pytest.mark.parametrize("export", list(API))
def test_api_exports_make_as_many_queries_for_30_sessions_as_for_3(alice_shared, export):
    from safetouch.api.tokens import token_create

    _, secret = token_create(user=alice_shared.user, name="export")
    browser = api_client(secret)
    url = API[export].format(id=alice_shared.pk)
    grow(alice_shared, 3)
    small = _queries(browser, url)
    grow(alice_shared, 27)
    assert _queries(browser, url) == small


def share(profile, count: int) -> None:
    """COUNT more therapists she shares with; every other one is also on her list."""
    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant, Therapist

    start = CareGrant.objects.filter(client=profile).count()
    for n in range(start, start + count):
        user = account_create(
            email=f"t{n}@example.com", password="x" * 12, first_name=f"T{n}", role="therapist"
        )
        CareGrant.objects.create(client=profile, grantee=user, access="read")
        if n % 2:
            Therapist.objects.create(client=profile, name=f"T{n}", user=user)


@pytest.mark.parametrize("export", list(WEB))
def test_exports_make_as_many_queries_for_20_shares_as_for_2(alice_profile, export):
    browser = client_for(alice_profile.user)
    url = WEB[export].format(id=alice_profile.pk)
    grow(alice_profile, 2)
    share(alice_profile, 2)
    browser.get(url)
    small = _queries(browser, url)
    share(alice_profile, 18)
    assert _queries(browser, url) == small
