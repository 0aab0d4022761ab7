"""One error format: {"detail": "<field>: <message>", "errors": [{"field", "message"}]}."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client, send


def _shape_ok(body: dict) -> bool:
    return set(body) == {"detail", "errors"} and all(
        set(e) == {"field", "message"} for e in body["errors"]
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", "/sessions", {"date": "2026-13-01", "minutes": 30}, 422, "date"),
        ("post", "/sessions", {"date": "2026-11-01", "minutes": "30"}, 422, "minutes"),
        ("post", "/sessions", {"date": "2026-11-01", "minutes": 30, "mood": 1}, 422, "mood"),
        ("post", "/sessions", {"minutes": 30}, 422, "date"),
        ("post", "/sessions", "[1, 2", 400, "body"),
        ("post", "/sessions", [], 422, "body"),
        ("put", "/zones/elbow", {"rule": "focus"}, 422, "region"),
        ("put", "/zones/neck", {"rule": "maybe"}, 422, "rule"),
        ("patch", "", {"risk_tolerance": 1}, 422, "risk_tolerance"),
        ("patch", "", {"positioning_notes": "a\\u0000b"}, 422, "positioning_notes"),
        ("get", "/sessions?limit=0", None, 422, "limit"),
        ("post", "/sessions", {"date": "9999-12-31", "minutes": 30}, 422, "date"),
        ("post", "/sessions", {"date": "1066-10-14", "minutes": 30}, 422, "date"),
        (
            "post",
            "/checkins",
            {"at": "0001-01-01T00:00:00+00:01", "training_minutes": 0},
            422,
            "at",
        ),
        (
            "post",
            "/checkins",
            {"at": "1899-12-31T23:00:00+00:00", "training_minutes": 0},
            422,
            "at",
        ),
        (
            "post",
            "/checkins",
            {"at": "2101-01-01T00:00:00+00:00", "training_minutes": 0},
            422,
            "at",
        ),
        (
            "post",
            "/sessions",
            {"date": "2026-11-01", "minutes": 30, "notes": "x" * 4001},
            422,
            "notes",
        ),
        (
            "post",
            "/sessions",
            {"date": "2026-11-01", "minutes": 30, "therapist": "Jo\r\nX"},
            422,
            "therapist",
        ),
        ("patch", "", {"positioning_notes": "a\u0007b"}, 422, "positioning_notes"),
    ],
)
def test_each_bad_request_names_its_field(world, method, path, body, status, field):
    url = f"/api/v1/clients/{world.alice_id}{path}"
    if isinstance(body, dict) and "\\u0000" in str(body):
        body = '{"positioning_notes": "a\\u0000b"}'
    response = send(api_client(world.tokens["alice"]), method, url, body)
    assert response.status_code == status
    payload = response.json()
    assert _shape_ok(payload)
    assert payload["detail"].startswith(f"{field}: ")
    assert payload["errors"][0]["field"] == field


def test_not_found_and_unauthenticated_share_the_format(world):
    from django.test import Client

    for response in (
        api_client(world.tokens["alice"]).get("/api/v1/clients/424242"),
        Client().get("/api/v1/clients"),
        api_client("st_wrong").get("/api/v1/clients"),
    ):
        assert _shape_ok(response.json())


def test_a_body_over_the_upload_limit_is_413_in_the_one_format(world, settings):
    too_big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    body = '{"date": "2026-11-01", "minutes": 30, "notes": "' + "x" * too_big + '"}'
    url = f"/api/v1/clients/{world.alice_id}/sessions"
    response = send(api_client(world.tokens["alice"]), "post", url, body)
    assert response.status_code == 413
    payload = response.json()
    assert _shape_ok(payload) and payload["detail"].startswith("body: larger than 2.5 MB")


def test_a_time_keeps_to_the_published_years(world):
    from safetouch.api.main import api

    schema = api.get_openapi_schema()["components"]["schemas"]["CheckInIn"]["properties"]["at"]
    assert schema["pattern"].startswith("^(19[0-9]{2}|20[0-9]{2}|2100)-")
    url = f"/api/v1/clients/{world.alice_id}/checkins"
    body = {"at": "2100-12-31T23:59:00-15:00", "training_minutes": 0}
    response = send(api_client(world.tokens["alice"]), "post", url, body)
    assert response.status_code == 201, response.json()
