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


def _checkin(client, day, tightness, hour=9):
    import datetime as dt

    from django.utils import timezone

    from safetouch.checkins.services import checkin_save

    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    checkin_save(
        client=client,
        at=at,
        training_minutes=0,
        temperature_c=None,
        tightness=tightness,
        stretches=[],
    )


def _why(client, region):
    from safetouch.planning.selectors import proposed_plan

    return next(i.why for i in proposed_plan(client, 45).items if i.region == region)


def test_a_check_in_newer_than_her_last_session_is_her_tightness_now(alice_history):
    import datetime as dt

    _checkin(alice_history, dt.date(2026, 10, 20), {"calf_left": 4})
    assert engine_request(alice_history, 45)["client"]["tightness"]["calf_left"] == 4
    assert _why(alice_history, "calf_left").startswith("tightness 4, check-in on Tuesday 20 Oct;")


def test_a_rating_before_a_newer_session_wins_over_an_older_check_in(alice_history):
    import datetime as dt

    _checkin(alice_history, dt.date(2026, 9, 20), {"calf_left": 9})
    _checkin(alice_history, dt.date(2026, 10, 1), {"calf_left": 2})  # same day: the session
    assert engine_request(alice_history, 45)["client"]["tightness"]["calf_left"] == 7
    why = _why(alice_history, "calf_left")
    assert why.startswith("tightness 7, before the session on Thursday 1 Oct;")


def test_of_two_check_ins_the_newest_counts(alice_history):
    import datetime as dt

    _checkin(alice_history, dt.date(2026, 10, 21), {"calf_right": 3})
    _checkin(alice_history, dt.date(2026, 10, 28), {"calf_right": 8})
    assert engine_request(alice_history, 45)["client"]["tightness"]["calf_right"] == 8


def test_an_unrated_focus_zone_says_so(alice_history):
    assert _why(alice_history, "calf_right").startswith("tightness 5, focus zone not rated yet;")


def test_a_check_in_the_day_after_rates_how_the_session_left_her(alice_history):
    import datetime as dt

    # The second session (15 Oct) worked calf_left and has no day-after ratings.
    _checkin(alice_history, dt.date(2026, 10, 16), {"calf_left": 3, "biceps_left": 2})
    _checkin(alice_history, dt.date(2026, 10, 16), {"calf_left": 6}, hour=18)  # later that day
    first, second = engine_request(alice_history, 45)["history"]
    assert second["tightness_after"] == {"calf_left": 3}  # the day's first; worked regions only
    assert first["tightness_after"] == {"calf_left": 4, "upper_back": 4}


def test_the_sessions_own_day_after_rating_wins_over_a_check_in(alice_history):
    import datetime as dt

    _checkin(alice_history, dt.date(2026, 10, 2), {"calf_left": 1, "upper_back": 2})
    first, _ = engine_request(alice_history, 45)["history"]
    assert first["tightness_after"] == {"calf_left": 4, "upper_back": 4}


def test_a_check_in_two_days_after_is_not_a_day_after_rating(alice_history):
    import datetime as dt

    _checkin(alice_history, dt.date(2026, 10, 17), {"calf_left": 3})
    _, second = engine_request(alice_history, 45)["history"]
    assert "tightness_after" not in second
