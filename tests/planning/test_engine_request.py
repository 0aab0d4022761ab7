"""engine_request: her records, turned into the engine contract."""

from __future__ import annotations

from safetouch.engine import recommend
from safetouch.planning.selectors import default_minutes, engine_request


def test_it_carries_her_hard_limits(alice_history):
    client = engine_request(alice_history, 45)["client"]
    assert client["avoid"] == ["lower_back", "sacroiliac_joint_left", "sacroiliac_joint_right"]
    assert client["max_pressure"] == {"upper_back": 3}
    assert {"technique": "joint_mobilization"} in client["banned"]
    assert {"technique": "tapotement", "region": "upper_back"} in client["banned"]
    assert client["risk_tolerance"] == 0.05


def test_tightness_is_her_last_reading_before_a_session(alice_history):
    tightness = engine_request(alice_history, 45)["client"]["tightness"]
    assert tightness["calf_left"] == 7
    assert tightness["upper_back"] == 6
    assert tightness["calf_right"] == 5  # a focus zone she never rated
    assert "lower_back" not in tightness


def test_history_is_oldest_first_with_flags_and_outcomes(alice_history):
    history = engine_request(alice_history, 45)["history"]
    assert [h["date"] for h in history] == ["2026-10-01", "2026-10-15"]
    first, second = history
    assert first["flare"] is False
    assert first["too_much"] == [
        {"region": "hamstring_left", "technique": "friction", "pressure": 4}
    ]
    assert first["tightness_before"] == {"calf_left": 7, "upper_back": 6}
    assert first["tightness_after"] == {"calf_left": 4, "upper_back": 4}
    assert "flare" not in second  # not reported yet: no evidence either way


def test_the_engine_accepts_it_and_keeps_her_limits(alice_history):
    response = recommend(engine_request(alice_history, 45))
    assert response["items"]
    assert sum(i["minutes"] for i in response["items"]) <= 45
    for item in response["items"]:
        assert item["region"] not in {"lower_back", "sacroiliac_joint_left"}
        assert not (
            item["region"] == "hamstring_left"
            and item["technique"] == "friction"
            and item["pressure"] >= 4
        )


def test_an_empty_record_makes_a_valid_request(alice_profile):
    request = engine_request(alice_profile, 30)
    assert request == {
        "client": {
            "avoid": [],
            "max_pressure": {},
            "banned": [],
            "lighter_ok": [],
            "tightness": {},
            "risk_tolerance": 0.05,
        },
        "history": [],
        "minutes": 30,
    }
    assert recommend(request)["items"] == []


def test_default_minutes_follow_her_last_session(alice_history, alice_profile):
    assert default_minutes(alice_history) == 40
