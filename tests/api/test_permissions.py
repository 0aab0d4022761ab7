"""The API runs the pages' permission check: the access matrix for every operation."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import api_client, send

# (method, path template, body, status for: alice owner, bob write, carol read, charlie)
OPERATIONS = [
    ("get", "/clients/{c}", None, (200, 200, 200, 404)),
    ("patch", "/clients/{c}", {"positioning_notes": "x"}, (200, 200, 404, 404)),
    ("get", "/clients/{c}/zones", None, (200, 200, 200, 404)),
    ("put", "/clients/{c}/zones/calf_right", {"rule": "focus"}, (200, 200, 404, 404)),
    ("delete", "/clients/{c}/zones/calf_right", None, (204, 204, 404, 404)),
    ("get", "/clients/{c}/sessions", None, (200, 200, 200, 404)),
    ("post", "/clients/{c}/sessions", {"date": "2026-11-02", "minutes": 30}, (201, 201, 404, 404)),
    ("get", "/clients/{c}/sessions/{s}", None, (200, 200, 200, 404)),
    (
        "post",
        "/clients/{c}/sessions/{s}/items",
        {"region": "calf_left", "technique": "effleurage", "pressure": 2, "minutes": 5},
        (201, 201, 404, 404),
    ),
    ("put", "/clients/{c}/sessions/{s}/items/{i}/flag", {"too_much": True}, (200, 200, 404, 404)),
    ("put", "/clients/{c}/sessions/{s}/outcome", {"flare": False}, (200, 200, 404, 404)),
    ("get", "/clients/{c}/checkins", None, (200, 200, 200, 404)),
    (
        "post",
        "/clients/{c}/checkins",
        {"at": "2026-11-03T18:30:00+01:00", "training_minutes": 60},
        (201, 201, 404, 404),
    ),
    # Her whole account file names the people she shares with: hers alone.
    ("get", "/clients/{c}/export", None, (200, 404, 404, 404)),
    ("get", "/clients/{c}/export/sessions.csv", None, (200, 200, 200, 404)),
    ("get", "/clients/{c}/export/fhir", None, (200, 200, 200, 404)),
    ("get", "/clients/{c}/plan", None, (200, 200, 200, 404)),
]
PEOPLE = ["alice", "bob", "carol", "charlie"]


@pytest.mark.parametrize(("method", "path", "body", "expected"), OPERATIONS)
def test_each_person_gets_what_the_pages_would_give(world, method, path, body, expected):
    url = "/api/v1" + path.format(c=world.alice_id, s=world.session_ids[0], i=world.item_ids[1])
    got = []
    for person in PEOPLE:
        response = send(api_client(world.tokens[person]), method, url, body)
        got.append(response.status_code)
    assert tuple(got) == expected


@pytest.mark.parametrize(("method", "path", "body", "expected"), OPERATIONS)
def test_without_a_token_every_operation_is_401(world, method, path, body, expected):
    from django.test import Client

    url = "/api/v1" + path.format(c=world.alice_id, s=world.session_ids[0], i=world.item_ids[1])
    response = send(Client(), method, url, body)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("authorization: ")


def test_a_missing_client_and_a_strangers_look_the_same(world):
    alice = api_client(world.tokens["alice"])
    mine = alice.get(f"/api/v1/clients/{world.charlie_id}")
    missing = alice.get("/api/v1/clients/999999")
    assert (mine.status_code, mine.json()) == (missing.status_code, missing.json())


def test_the_list_shows_each_person_what_they_may_read(world):
    def listed(person):
        return api_client(world.tokens[person]).get("/api/v1/clients").json()

    assert [c["access"] for c in listed("alice")] == ["owner"]
    assert [c["access"] for c in listed("bob")] == ["write"]
    assert [c["access"] for c in listed("carol")] == ["read"]
    assert [c["first_name"] for c in listed("charlie")] == ["Charlie"]


def test_a_session_of_another_client_is_not_reachable_through_hers(world, charlie):
    from safetouch.treatments.services import session_create

    other = session_create(
        client=charlie.client_profile, date=dt.date(2026, 1, 1), minutes=30, position="side_lying"
    )
    url = f"/api/v1/clients/{world.alice_id}/sessions/{other.pk}"
    assert api_client(world.tokens["alice"]).get(url).status_code == 404


def test_the_browser_session_works_for_reads_and_needs_csrf_for_writes(world, alice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get(f"/api/v1/clients/{world.alice_id}").status_code == 200
    refused = send(browser, "patch", f"/api/v1/clients/{world.alice_id}", {"position": "seated"})
    assert refused.status_code == 403


def test_deleting_an_item_needs_write_access(world):
    from safetouch.treatments.models import SessionItem

    got = []
    for person in PEOPLE:
        item = SessionItem.objects.create(
            session_id=world.session_ids[0],
            region="neck",
            technique="effleurage",
            pressure=1,
            minutes=3,
        )
        url = f"/api/v1/clients/{world.alice_id}/sessions/{world.session_ids[0]}/items/{item.pk}"
        got.append(send(api_client(world.tokens[person]), "delete", url).status_code)
    assert got == [204, 204, 404, 404]
