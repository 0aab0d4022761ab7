"""Chart geometry: everything inside the drawing, and text a screen reader can use."""

from __future__ import annotations

import datetime as dt

from safetouch.checkins.charts import Point, adherence_chart, relief_chart, tightness_chart
from safetouch.checkins.selectors import Week


def _inside(chart) -> bool:
    for s in chart.shapes:
        xs = [v for k, v in s.items() if k in ("x", "x1", "x2", "cx")]
        ys = [v for k, v in s.items() if k in ("y", "y1", "y2", "cy")]
        if any(not 0 <= x <= chart.width for x in xs) or any(
            not 0 <= y <= chart.height for y in ys
        ):
            return False
    return True


def test_tightness_chart_marks_massages_flares_and_the_limit():
    start, end = dt.date(2026, 10, 1), dt.date(2026, 11, 25)
    points = [Point(dt.datetime(2026, 10, d, 20), d % 8) for d in range(2, 30)]
    chart = tightness_chart(
        id="t",
        name="Calves",
        series={"Left": points, "Right": points[::2]},
        start=start,
        end=end,
        sessions=[(dt.date(2026, 10, 10), False), (dt.date(2026, 10, 20), True)],
        limit=7,
    )
    assert _inside(chart)
    titles = [s.get("title", "") for s in chart.shapes]
    assert "Massage on Sat 10 Oct" in titles
    assert "Joints flared after the massage on Tue 20 Oct" in titles
    assert any(s["kind"] == "text" and s["text"] == "limit 7" for s in chart.shapes)
    assert "Left calves went from 2 to 5" in chart.desc
    assert chart.table_head == ["Date", "Left", "Right"]


def test_an_empty_tightness_chart_says_so():
    chart = tightness_chart(
        id="t",
        name="Calves",
        series={"Left": []},
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 11, 1),
        sessions=[],
        limit=7,
    )
    assert chart.empty.startswith("Your calves tightness appears here once you check in")


def test_charts_with_data_have_no_empty_sentence():
    sessions = [(dt.date(2026, 10, 1), 2.5, False)]
    assert relief_chart(id="r", sessions=sessions).empty == ""
    assert relief_chart(id="r", sessions=[]).empty.startswith("How much each massage relieved")


def test_relief_chart_has_a_bar_per_massage():
    sessions = [(dt.date(2026, 10, 1), 2.5, False), (dt.date(2026, 10, 15), 1.0, True)]
    chart = relief_chart(id="r", sessions=sessions)
    assert _inside(chart)
    bars = [s for s in chart.shapes if s["kind"] == "rect"]
    assert [b["cls"] for b in bars] == ["c-bar", "c-bar-flare"]
    assert bars[0]["h"] > bars[1]["h"]
    assert chart.table_rows == [["Thu 1 Oct", "2.5", "no"], ["Thu 15 Oct", "1.0", "yes"]]


def test_adherence_chart_shows_the_target():
    weeks = [Week(dt.date(2026, 11, 2), 5, 5), Week(dt.date(2026, 11, 9), 2, 5)]
    chart = adherence_chart(id="a", weeks=weeks)
    assert _inside(chart)
    bars = [s for s in chart.shapes if s["kind"] == "rect"]
    assert [b["cls"] for b in bars] == ["c-bar", "c-bar-short"]
    assert "Target met in 1 of the last 2 weeks" in chart.desc


def test_the_forecast_window_is_drawn_with_a_projection_to_the_limit():
    from safetouch.checkins.charts import Booking

    points = [Point(dt.datetime(2026, 11, d, 20), 3 + d // 6) for d in range(1, 23)]
    booking = Booking(dt.date(2026, 11, 29), dt.date(2026, 11, 27), dt.date(2026, 12, 2), "Left")
    chart = tightness_chart(
        id="t",
        name="Calves",
        series={"Left": points},
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 11, 23),
        sessions=[],
        limit=7,
        booking=booking,
    )
    assert _inside(chart)
    band = next(s for s in chart.shapes if s.get("cls") == "c-band")
    assert band["title"] == "Next massage due by Sun 29 Nov"
    assert any(s.get("cls") == "c-projection" for s in chart.shapes)
    assert "likely between Fri 27 Nov and Wed 2 Dec" in chart.desc
    assert ("c-band", "book a massage in this window") in chart.legend


def test_relief_dates_never_crowd_and_the_latest_is_always_dated():
    sessions = [(dt.date(2026, 9, 1) + dt.timedelta(days=7 * n), 2.0, False) for n in range(12)]
    chart = relief_chart(id="r", sessions=sessions)
    ticks = [s for s in chart.shapes if s["kind"] == "text" and s["cls"] == "c-tick"]
    dates = [t for t in ticks if t["text"][0].isalpha()]  # not the y axis's numbers
    assert 2 <= len(dates) < len(sessions)
    xs = [t["x"] for t in dates]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 60
    assert dates[-1]["text"] == "Tue 17 Nov"
    assert len(chart.table_rows) == 12  # every date is still in the numbers
