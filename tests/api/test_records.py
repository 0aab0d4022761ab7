"""The record operations do what the pages do: profile, zones, sessions, items, outcome."""

from __future__ import annotations

import json

from safetouch.clients.models import ZoneRule
from safetouch.treatments.models import MassageSession
from tests.api.conftest import api_client, send


def _alice(world):
    return api_client(world.tokens["alice"])


def test_it_logs_a_session_with_its_items_in_one_request(world):
    body = {
        "date": "2026-11-05",
        "minutes": 40,
        "therapist": "Jo",
        "items": [
            {"region": "calf_right", "technique": "petrissage", "pressure": 3, "minutes": 10},
            {
                "region": "gluteal_left",
                "technique": "friction",
                "pressure": 4,
                "minutes": 5,
                "too_much": True,
            },
        ],
    }
    url = f"/api/v1/clients/{world.alice_id}/sessions"
    count = MassageSession.objects.count()
    refused = send(_alice(world), "post", url, body)
    # engine.check speaks here too: the left gluteal is capped at 2. Nothing is stored
    # until the writer confirms that this is what was done.
    assert refused.status_code == 409
    error = refused.json()["errors"][0]
    assert error["field"] == "items[1]"
    assert error["message"].startswith("Pressure cap: Left gluteal, friction at pressure 4: ")
    assert "confirm_breaks" in error["message"]
    assert MassageSession.objects.count() == count
    response = send(_alice(world), "post", url, {**body, "confirm_breaks": True})
    assert response.status_code == 201
    session = response.json()
    assert session["therapist"] == "Jo" and session["position"] == "side_lying"
    assert [i["too_much"] for i in session["items"]] == [False, True]
    assert session["items"][0]["breaks"] == [] and session["items"][0]["breach"] is None
    assert "max_pressure" in [b["rule"] for b in session["items"][1]["breaks"]]
    assert "cap of 2" in session["items"][1]["breach"]


def test_a_session_with_one_bad_item_stores_nothing(world):
    count = MassageSession.objects.count()
    body = {
        "date": "2026-11-05",
        "minutes": 40,
        "items": [
            {"region": "calf_right", "technique": "petrissage", "pressure": 3, "minutes": 10},
            {"region": "calf_right", "technique": "petrissage", "pressure": 3, "minutes": 500},
        ],
    }
    response = send(_alice(world), "post", f"/api/v1/clients/{world.alice_id}/sessions", body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("items[1].minutes: ")
    assert MassageSession.objects.count() == count


def test_it_flags_an_item_and_records_the_outcome(world):
    base = f"/api/v1/clients/{world.alice_id}/sessions/{world.session_ids[2]}"
    flagged = send(
        _alice(world), "put", f"{base}/items/{world.item_ids[4]}/flag", {"too_much": True}
    )
    assert flagged.json()["too_much"] is True
    outcome = {
        "flare": True,
        "hours_after": 20,
        "notes": "locked up",
        "tightness": {"calf_left": {"before": 6, "after": 3}},
    }
    session = send(_alice(world), "put", f"{base}/outcome", outcome).json()
    assert session["outcome"] == {
        "flare": True,
        "hours_after": 20,
        "notes": "locked up",
        "tightness": {"calf_left": {"before": 6, "after": 3}},
    }


def test_hours_after_are_dropped_without_a_flare(world):
    base = f"/api/v1/clients/{world.alice_id}/sessions/{world.session_ids[2]}"
    session = send(_alice(world), "put", f"{base}/outcome", {"flare": False, "hours_after": 5})
    assert session.json()["outcome"]["hours_after"] is None


def test_it_sets_and_clears_a_zone(world):
    url = f"/api/v1/clients/{world.alice_id}/zones/hamstring_left"
    zone = send(_alice(world), "put", url, {"rule": "caution"}).json()
    assert zone == {"region": "hamstring_left", "rule": "caution", "pressure_cap": 2}
    avoid = send(_alice(world), "put", url, {"rule": "avoid", "pressure_cap": 3}).json()
    assert avoid["pressure_cap"] is None  # never touch has no cap
    assert send(_alice(world), "delete", url).status_code == 204
    assert not ZoneRule.objects.filter(region="hamstring_left").exists()


def test_patch_changes_only_the_fields_sent(world):
    url = f"/api/v1/clients/{world.alice_id}"
    profile = send(
        _alice(world), "patch", url, {"prone_max_minutes": None, "risk_tolerance": 0.02}
    ).json()
    assert profile["prone_max_minutes"] is None
    assert profile["risk_tolerance"] == 0.02
    assert profile["position"] == "side_lying"
    assert {"region": "sacroiliac_joint_left", "rule": "avoid", "pressure_cap": None} in (
        profile["zones"]
    )


def test_sessions_page_through_with_limit_and_offset(world):
    url = f"/api/v1/clients/{world.alice_id}/sessions"
    dates = [s["date"] for s in _alice(world).get(url + "?limit=2&offset=1").json()]
    assert dates == ["2026-10-08", "2026-10-01"]


def test_a_float_that_is_a_whole_number_counts_as_an_integer(world):
    url = f"/api/v1/clients/{world.alice_id}/zones/neck"
    zone = send(_alice(world), "put", url, '{"rule": "caution", "pressure_cap": 3.0}')
    assert zone.status_code == 200 and zone.json()["pressure_cap"] == 3


def test_the_export_operation_returns_the_account_file(world):
    response = _alice(world).get(f"/api/v1/clients/{world.alice_id}/export")
    document = json.loads(b"".join(response.streaming_content))
    assert response["Content-Type"] == "application/json"
    assert document["format"] == "safetouch-account"
    assert len(document["sessions"]) == 3


def test_the_openapi_document_and_its_docs_page_are_served(db):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "SafeTouch API"
    assert "PlanRequest" in schema["components"]["schemas"]
    assert len([op for path in schema["paths"].values() for op in path]) == 22
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content


def test_it_records_and_lists_check_ins(world):
    url = f"/api/v1/clients/{world.alice_id}/checkins"
    body = {
        "at": "2026-11-03T18:30:00+01:00",
        "training_minutes": 90,
        "temperature_c": -2.25,
        "tightness": {"calf_left": 7, "hamstring_right": 5},
        "stretches": ["calf_wall", "calf_wall", "single_knee_to_chest"],
    }
    made = send(_alice(world), "post", url, body)
    assert made.status_code == 201
    listed = _alice(world).get(url).json()
    assert listed == [made.json()]
    assert listed[0]["at"] == "2026-11-03T17:30:00Z"
    assert listed[0]["temperature_c"] == -2.2  # the page keeps one decimal too
    assert listed[0]["stretches"] == ["calf_wall", "single_knee_to_chest"]


def test_a_check_in_without_a_utc_offset_is_refused(world):
    url = f"/api/v1/clients/{world.alice_id}/checkins"
    response = send(_alice(world), "post", url, {"at": "2026-11-03T18:30", "training_minutes": 0})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("at: ")


def test_a_far_utc_offset_is_stored_as_utc(world):
    url = f"/api/v1/clients/{world.alice_id}/checkins"
    body = {"at": "2026-08-04T23:30:07-23:52", "training_minutes": 10}
    made = send(_alice(world), "post", url, body)
    assert made.status_code == 201
    assert made.json()["at"] == "2026-08-05T23:22:07Z"


def test_a_time_that_would_leave_the_calendar_in_utc_is_refused_by_its_year(world):
    url = f"/api/v1/clients/{world.alice_id}/checkins"
    body = {"at": "0001-01-01T00:00:00+01:00", "training_minutes": 10}
    response = send(_alice(world), "post", url, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "at: must be from 1900-01-01 to 2100-12-31"
