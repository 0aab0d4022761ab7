"""POST /api/v1/plan: the engine contract over HTTP, 422 with the engine's message."""

from __future__ import annotations

import pytest

from safetouch.engine import EngineError, default_population, recommend
from tests.api.conftest import api_client, send

REQUEST = {
    "client": {
        "avoid": ["sacroiliac_joint_left", "sacroiliac_joint_right", "lower_back"],
        "max_pressure": {"upper_back": 3},
        "banned": [{"technique": "joint_mobilization"}],
        "tightness": {"calf_left": 7, "calf_right": 6, "upper_back": 6},
    },
    "history": [
        {
            "date": "2026-01-05",
            "items": [
                {"region": "calf_left", "technique": "deep_tissue", "pressure": 4, "minutes": 10}
            ],
            "too_much": [{"region": "upper_back", "technique": "deep_tissue", "pressure": 4}],
            "flare": True,
        }
    ],
    "minutes": 60,
}


def _plan(world, body):
    return send(api_client(world.tokens["carol"]), "post", "/api/v1/plan", body)


def test_it_answers_what_the_engine_answers(world):
    response = _plan(world, REQUEST)
    assert response.status_code == 200
    assert response.json() == recommend(REQUEST)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["history"][0]["items"][0].update(pressure=7),
        lambda r: r["client"]["avoid"].append("elbow"),
        lambda r: r.update(minutes=5),
        lambda r: r["client"].update(risk_tolerance=1.5),
        lambda r: r["history"].insert(0, {"date": "2026-02-01", "flare": False}),
        lambda r: r.update(population={**default_population(), "version": 2}),
        lambda r: r.update(population={**default_population(), "relief": {"log_mean": 0}}),
    ],
)
def test_a_bad_request_gets_422_with_the_engines_message(world, change):
    import copy

    bad = copy.deepcopy(REQUEST)
    change(bad)
    with pytest.raises(EngineError) as raised:
        recommend(bad)
    response = _plan(world, bad)
    assert response.status_code == 422
    assert response.json()["detail"] == str(raised.value)
    assert response.json()["errors"][0]["field"] == str(raised.value).split(": ")[0]


def test_it_plans_with_a_population_as_the_engine_does(world):
    body = {**REQUEST, "population": default_population()}
    body["population"]["threshold_shift"] = {"mean": -1.0, "sd": 0.8}
    response = _plan(world, body)
    assert response.status_code == 200
    assert response.json() == recommend(body)


def test_true_is_not_a_pressure_even_if_the_engine_were_lenient(world):
    import copy

    bad = copy.deepcopy(REQUEST)
    bad["client"]["max_pressure"]["upper_back"] = True
    response = _plan(world, bad)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("client.max_pressure.upper_back: ")


def test_broken_json_is_a_400_naming_the_body(world):
    response = _plan(world, "{not json")
    assert response.status_code == 400
    assert response.json()["detail"] == "body: not valid JSON"


def test_her_plan_comes_from_her_stored_records(world):
    response = api_client(world.tokens["bob"]).get(
        f"/api/v1/clients/{world.alice_id}/plan?minutes=45"
    )
    plan = response.json()
    assert response.status_code == 200
    assert sum(i["minutes"] for i in plan["items"]) <= 45
    assert all(i["region"] != "sacroiliac_joint_left" for i in plan["items"])
    assert all(i["technique"] != "joint_mobilization" for i in plan["items"])


def test_json_nested_too_deeply_is_a_400_too(world):
    assert _plan(world, "[" * 100_000).status_code == 400


def test_it_answers_the_changes_since_last_time_as_the_contract_spells_them(world):
    change = _plan(world, REQUEST).json()["changes"][0]
    assert change["region"] == "calf_left" and change["change"] != "kept"
    assert change["reason"].startswith("a flare followed the last session on 2026-01-05")
    assert change["from"] == {"technique": "deep_tissue", "pressure": 4, "minutes": 10}
    assert "from_" not in change


def test_without_a_history_there_is_no_changes_key(world):
    import copy

    fresh = copy.deepcopy(REQUEST)
    fresh["history"] = []
    response = _plan(world, fresh)
    assert response.status_code == 200 and "changes" not in response.json()


def test_her_stored_plan_reads_against_her_last_session(world):
    response = api_client(world.tokens["bob"]).get(
        f"/api/v1/clients/{world.alice_id}/plan?minutes=45"
    )
    changes = response.json().get("changes")
    assert changes is not None and all(c["reason"] for c in changes)
    assert {c["change"] for c in changes} <= {
        "kept",
        "lighter",
        "deeper",
        "new",
        "dropped",
        "switched",
    }
