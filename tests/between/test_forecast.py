"""The forecast: a date with an interval, and never later for more training or cold."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetouch.engine.errors import EngineError
from safetouch.engine.forecast import Outlook, Reading, Session, fit, forecast

MASSAGE = dt.date(2026, 11, 1)


def history(rise_per_day: float = 0.25, days: int = 12, *, training: float = 60.0):
    """Check-ins each evening after a massage, tightness rising steadily from 3."""
    readings = []
    for day in range(1, days + 1):
        level = min(10, round(3 + rise_per_day * day))
        at = dt.datetime.combine(MASSAGE + dt.timedelta(days=day), dt.time(20))
        temp = 5.0 if day % 2 else 12.0
        tight = {"calf_left": level, "upper_back": max(0, level - 1)}
        readings.append(Reading(at, tight, training * (1 + day % 3), temp, stretches=day % 4))
    return readings, [Session(MASSAGE, {"calf_left": 3, "upper_back": 2})]


def test_it_names_a_date_with_an_interval_around_it():
    readings, sessions = history()
    today = MASSAGE + dt.timedelta(days=12)
    result = forecast(readings, sessions, today=today, limit=7)
    assert result.status == "forecast"
    assert result.earliest <= result.book_by <= result.latest
    assert today <= result.earliest
    assert result.region == "calf_left"
    assert result.message.startswith("Book your next massage by ")
    assert "between" in result.message


def test_it_says_book_now_when_the_limit_is_reached():
    readings, sessions = history(rise_per_day=0.5)
    result = forecast(readings, sessions, today=MASSAGE + dt.timedelta(days=12), limit=7)
    assert result.status == "due"
    assert result.book_by == MASSAGE + dt.timedelta(days=12)


def test_it_asks_for_more_check_ins_when_there_are_too_few():
    readings, sessions = history(days=2)
    result = forecast(readings, sessions, today=MASSAGE + dt.timedelta(days=2))
    assert result.status == "not_enough_data"
    assert result.book_by is None


def test_it_says_not_soon_when_nothing_builds_up():
    readings, sessions = history(rise_per_day=0.0, days=30, training=0.0)
    result = forecast(readings, sessions, today=MASSAGE + dt.timedelta(days=30))
    assert result.status == "not_soon"


def test_a_massage_in_between_is_not_counted_as_build_up():
    readings, sessions = history()
    more = [*sessions, Session(MASSAGE + dt.timedelta(days=6))]
    assert fit(readings, more).intervals < fit(readings, sessions).intervals


@pytest.mark.parametrize(
    ("field", "reading", "limit"),
    [
        ("limit", Reading(dt.datetime(2026, 11, 2), {"calf_left": 3}), 11),
        (
            "readings[0].tightness.calf_left",
            Reading(dt.datetime(2026, 11, 2), {"calf_left": 12}),
            7,
        ),
        ("readings[0].training_minutes", Reading(dt.datetime(2026, 11, 2), {}, -5), 7),
    ],
)
def test_it_names_the_field_of_a_bad_value(field, reading, limit):
    with pytest.raises(EngineError, match="^" + re.escape(field)):
        forecast([reading], [], today=dt.date(2026, 11, 3), limit=limit)


def _due(result) -> tuple:
    """Dates to compare; None (not within the horizon) counts as the far future."""
    far = dt.date.max
    return tuple(d or far for d in (result.book_by, result.earliest, result.latest))


outlooks = st.builds(
    Outlook,
    training_minutes_per_day=st.floats(0, 300),
    temperature_c=st.floats(-30, 40),
    stretches_per_day=st.floats(0, 10),
)


@settings(max_examples=60, deadline=None)
@given(
    rise=st.floats(0.0, 0.4),
    days=st.integers(5, 20),
    outlook=outlooks,
    more=st.floats(0.1, 300),
)
def test_more_training_never_predicts_a_later_date(rise, days, outlook, more):
    readings, sessions = history(rise, days)
    today = MASSAGE + dt.timedelta(days=days)
    harder = Outlook(
        outlook.training_minutes_per_day + more, outlook.temperature_c, outlook.stretches_per_day
    )
    base = forecast(readings, sessions, today=today, outlook=outlook)
    trained = forecast(readings, sessions, today=today, outlook=harder)
    assert all(a <= b for a, b in zip(_due(trained), _due(base), strict=True))


@settings(max_examples=60, deadline=None)
@given(
    rise=st.floats(0.0, 0.4),
    days=st.integers(5, 20),
    outlook=outlooks,
    colder=st.floats(0.1, 40),
)
def test_colder_weather_never_predicts_a_later_date(rise, days, outlook, colder):
    readings, sessions = history(rise, days)
    today = MASSAGE + dt.timedelta(days=days)
    cold = Outlook(
        outlook.training_minutes_per_day, outlook.temperature_c - colder, outlook.stretches_per_day
    )
    base = forecast(readings, sessions, today=today, outlook=outlook)
    chilled = forecast(readings, sessions, today=today, outlook=cold)
    assert all(a <= b for a, b in zip(_due(chilled), _due(base), strict=True))


@settings(max_examples=40, deadline=None)
@given(
    temps=st.lists(st.floats(-20, 30), min_size=12, max_size=12),
    loads=st.lists(st.floats(0, 200), min_size=12, max_size=12),
    levels=st.lists(st.integers(0, 10), min_size=12, max_size=12),
)
def test_any_history_gives_ordered_dates_from_today(temps, loads, levels):
    readings = [
        Reading(
            dt.datetime.combine(MASSAGE + dt.timedelta(days=i + 1), dt.time(8)),
            {"calf_left": level},
            load,
            temp,
        )
        for i, (temp, load, level) in enumerate(zip(temps, loads, levels, strict=True))
    ]
    today = MASSAGE + dt.timedelta(days=13)
    result = forecast(readings, [Session(MASSAGE)], today=today)
    if result.book_by is not None:
        assert today <= result.earliest <= result.book_by
        assert result.latest is None or result.book_by <= result.latest


def test_the_engine_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys; import safetouch.engine.forecast, safetouch.engine.stretches; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
