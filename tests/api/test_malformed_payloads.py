"""Malformed API payloads: each gets a 4xx naming the field, and nothing stored changes.

Hypothesis breaks one place in a valid body (a wrong type, a value out of range, a
missing or unknown field, or the whole body). The published JSON Schema is the
independent judge of what is broken; the API must refuse every such body.
"""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
from django.test import Client
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.api.conftest import api_client, send, table_rows
from tests.api.mutate import broken, related
from tests.api.test_plan import REQUEST as PLAN

EXAMPLES = settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
SESSION = {
    "date": "2026-11-05",
    "minutes": 40,
    "position": "seated",
    "therapist": "Jo",
    "notes": "ok",
    "items": [
        {
            "region": "calf_right",
            "technique": "petrissage",
            "pressure": 3,
            "minutes": 10,
            "too_much": False,
        }
    ],
}
OUTCOME = {
    "flare": True,
    "hours_after": 3,
    "notes": "",
    "tightness": {"calf_left": {"before": 6, "after": 3}},
}
PROFILE = {
    "position": "seated",
    "prone_max_minutes": 5,
    "positioning_notes": "",
    "risk_tolerance": 0.1,
}

CHECKIN = {
    "at": "2026-11-03T18:30:00+01:00",
    "training_minutes": 45,
    "temperature_c": 3.5,
    "notes": "",
    "tightness": {"calf_left": 6},
    "stretches": ["calf_wall"],
}

# (method, path under /api/v1/clients/{id} or /plan, its schema's path, a valid body)
CASES = [
    ("post", "/sessions", "/sessions", SESSION),
    ("post", "/sessions/{s}/items", "/sessions/{session_id}/items", SESSION["items"][0]),
    (
        "put",
        "/sessions/{s}/items/{i}/flag",
        "/sessions/{session_id}/items/{item_id}/flag",
        {"too_much": True},
    ),
    ("put", "/sessions/{s}/outcome", "/sessions/{session_id}/outcome", OUTCOME),
    ("put", "/zones/neck", "/zones/{region}", {"rule": "caution", "pressure_cap": 2}),
    ("patch", "", "", PROFILE),
    ("post", "/checkins", "/checkins", CHECKIN),
    ("post", "/plan", "/plan", PLAN),
]
_openapi = json.loads(Client().get("/api/v1/openapi.json").content)


def _url(path: str) -> str:
    return "/api/v1" + (path if path == "/plan" else "/clients/{client_id}" + path)


def _validator(method: str, schema_path: str):
    operation = _openapi["paths"][_url(schema_path)][method]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    return jsonschema_rs.validator_for(
        {**body, "components": _openapi["components"]}, validate_formats=True
    )


@pytest.mark.parametrize(
    ("method", "path", "schema_path", "valid"), CASES, ids=[c[1] or "/" for c in CASES]
)
def test_a_broken_body_is_refused_with_its_field_and_changes_nothing(
    world, method, path, schema_path, valid
):
    validator = _validator(method, schema_path)
    assert validator.is_valid(valid)
    url = _url(path).format(client_id=world.alice_id, s=world.session_ids[0], i=world.item_ids[0])
    client = api_client(world.tokens["alice"])
    before = table_rows()
    refused = []

    @EXAMPLES
    @given(st.data())
    def check(data):
        where, body = data.draw(broken(valid))
        assume(not validator.is_valid(body))
        response = send(client, method, url, json.dumps(body))
        assert 400 <= response.status_code < 500, (body, response.content)
        payload = response.json()
        assert payload["detail"].startswith(payload["errors"][0]["field"] + ": ")
        assert all(related(e["field"], where) for e in payload["errors"]), (where, payload)
        assert table_rows() == before
        refused.append(where)

    check()
    print(f"{method.upper()} {path or '/'}: {len(refused)} broken bodies refused")
    assert len(refused) >= 50


def test_random_bytes_as_a_body_are_refused_too(world):
    url = f"/api/v1/clients/{world.alice_id}/sessions"
    client = api_client(world.tokens["alice"])
    before = table_rows()
    sent = []

    @EXAMPLES
    @given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def check(raw):
        response = client.post(url, raw, content_type="application/json")
        assert response.status_code in (400, 422), raw
        assert response.json()["errors"][0]["field"]
        assert table_rows() == before
        sent.append(raw)

    check()
    assert len(sent) >= 50
