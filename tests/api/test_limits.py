"""Loosening a limit through the API: refused to a therapist who only logs sessions, in
the API's one error format naming the field; allowed to the client and "edit limits"."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client, send, table_rows

# (method, path, body, field the refusal names): each loosens one of alice's limits.
LOOSENING = [
    ("delete", "/clients/{c}/zones/sacroiliac_joint_left", None, "rule"),
    ("put", "/clients/{c}/zones/sacroiliac_joint_left", {"rule": "focus"}, "rule"),
    ("put", "/clients/{c}/zones/gluteal_left", {"rule": "caution", "pressure_cap": 4}, "rule"),
    ("put", "/clients/{c}/zones/gluteal_left", {"rule": "focus"}, "rule"),
    ("patch", "/clients/{c}", {"risk_tolerance": 0.2}, "risk_tolerance"),
    ("patch", "/clients/{c}", {"prone_max_minutes": None}, "prone_max_minutes"),
]


@pytest.fixture
def limited(world, alice_profile, erin):
    from safetouch.api.tokens import token_create

    alice_profile.prone_max_minutes = 10
    alice_profile.save()
    world.tokens["erin"] = token_create(user=erin, name="tests")[1]
    return world


@pytest.mark.parametrize(("method", "path", "body", "field"), LOOSENING)
def test_a_session_writer_is_refused_and_nothing_changes(limited, method, path, body, field):
    before = table_rows()
    response = send(
        api_client(limited.tokens["bob"]),
        method,
        "/api/v1" + path.format(c=limited.alice_id),
        body,
    )
    assert response.status_code == 403
    error = response.json()
    assert error["errors"][0]["field"] == field
    assert error["detail"].startswith(f"{field}: Only Alice, or someone she lets edit her limits")
    assert table_rows() == before


@pytest.mark.parametrize(("method", "path", "body", "field"), LOOSENING)
@pytest.mark.parametrize("person", ["alice", "erin"])
def test_the_client_and_edit_limits_may_loosen(limited, method, path, body, field, person):
    response = send(
        api_client(limited.tokens[person]),
        method,
        "/api/v1" + path.format(c=limited.alice_id),
        body,
    )
    assert response.status_code in (200, 204)


def test_a_session_writer_may_tighten(limited, alice_profile):
    bob = api_client(limited.tokens["bob"])
    url = f"/api/v1/clients/{limited.alice_id}"
    assert send(bob, "put", url + "/zones/lower_back", {"rule": "avoid"}).status_code == 200
    body = {"rule": "caution", "pressure_cap": 1}
    assert send(bob, "put", url + "/zones/gluteal_left", body).status_code == 200
    assert send(bob, "patch", url, {"risk_tolerance": 0.01}).status_code == 200
    assert [
        c.actor_name for c in alice_profile.limit_changes.filter(actor__email="bob@example.com")
    ] == ["Bob"] * 3


def test_the_list_says_who_may_edit_limits(limited):
    response = send(api_client(limited.tokens["erin"]), "get", "/api/v1/clients")
    assert [c["access"] for c in response.json()] == ["limits"]
