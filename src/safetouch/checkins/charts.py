"""Charts as plain shapes for the SVG template: server-rendered, no script, no inline style.

Each chart is a list of primitives with coordinates already worked out, a title and a
description for screen readers, and the numbers again as a table. Drawn here rather
than with a chart library because those (pygal, matplotlib's SVG) emit <style>
elements, inline styles or scripts that the Content-Security-Policy forbids, and no
<title>/<desc> a screen reader can use.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from safetouch.core import timefmt

WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 30, 12, 22, 30
TICK_ROOM = 60  # px between the centres of two date labels under bars ("Thu 15 Oct")


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    width: int = WIDTH
    height: int = HEIGHT
    shapes: list[dict] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    # With no data to draw: one sentence on what will appear, shown instead of the axes.
    empty: str = ""

    def line(self, x1, y1, x2, y2, cls: str, title: str = "") -> None:
        self.shapes.append(
            {"kind": "line", "x1": x1, "y1": y1, "x2": x2, "y2": y2, "cls": cls, "title": title}
        )

    def path(self, points: list[tuple[float, float]], cls: str) -> None:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.shapes.append({"kind": "polyline", "points": pts, "cls": cls})

    def dot(self, x, y, cls: str, title: str) -> None:
        self.shapes.append({"kind": "circle", "cx": x, "cy": y, "cls": cls, "title": title})

    def bar(self, x, y, w, h, cls: str, title: str) -> None:
        self.shapes.append(
            {"kind": "rect", "x": x, "y": y, "w": w, "h": h, "cls": cls, "title": title}
        )

    def text(self, x, y, text: str, cls: str = "", anchor: str = "middle") -> None:
        self.shapes.append(
            {"kind": "text", "x": x, "y": y, "text": text, "cls": cls, "anchor": anchor}
        )

    def flare(self, x, y, title: str) -> None:
        pts = f"{x:.1f},{y - 6:.1f} {x - 6:.1f},{y + 5:.1f} {x + 6:.1f},{y + 5:.1f}"
        self.shapes.append({"kind": "polygon", "points": pts, "cls": "c-flare", "title": title})


def _plot_box(chart: Chart) -> tuple[float, float, float, float]:
    return LEFT, TOP, chart.width - LEFT - RIGHT, chart.height - TOP - BOTTOM


def _y_axis(chart: Chart, top_value: float, ticks: list[float], fmt=str) -> None:
    x0, y0, w, h = _plot_box(chart)
    for tick in ticks:
        y = y0 + h - h * tick / top_value
        chart.line(x0, y, x0 + w, y, "c-grid")
        chart.text(x0 - 5, y + 4, fmt(tick), "c-tick", "end")


def _day(d: dt.date) -> str:
    """The one date format, without the year the chart's span makes plain."""
    return timefmt.short_day(d)


@dataclass(frozen=True)
class Point:
    when: dt.datetime
    value: int


@dataclass(frozen=True)
class Booking:
    """The forecast's window, drawn as a band; `side` names the series projected into it."""

    book_by: dt.date
    earliest: dt.date
    latest: dt.date
    side: str | None = None  # None: this chart is not the one the forecast is about


def tightness_chart(
    *,
    id: str,
    name: str,
    series: dict[str, list[Point]],  # "Left", "Right" or "" -> points, oldest first
    start: dt.date,
    end: dt.date,
    sessions: list[tuple[dt.date, bool]],  # (date, flared)
    limit: int,
    booking: Booking | None = None,
) -> Chart:
    """Tightness of one muscle group over time, left and right, massages and flares marked,
    and the window to book the next massage in."""
    total = sum(len(p) for p in series.values())
    today = end
    if booking:
        end = min(max(end, booking.latest), end + dt.timedelta(days=30))
    chart = Chart(
        id=id,
        title=f"{name}: tightness from {_day(start)} to {_day(today)}",
        desc=_tightness_desc(name, series, sessions, limit) + _booking_desc(booking),
    )
    x0, y0, w, h = _plot_box(chart)
    span = max(1.0, (end - start).days + 1)

    def x_of(when: dt.date | dt.datetime) -> float:
        days = (
            (when - dt.datetime.combine(start, dt.time())).total_seconds() / 86400
            if isinstance(when, dt.datetime)
            else (when - start).days + 0.5
        )
        return x0 + w * min(max(days, 0), span) / span

    def y_of(value: float) -> float:
        return y0 + h - h * value / 10

    _y_axis(chart, 10, [0, 5, 10])
    if booking:
        _booking_band(chart, booking, x_of, series, y_of, limit)
    chart.line(x0, y_of(limit), x0 + w, y_of(limit), "c-limit")
    chart.text(x0 + w, y_of(limit) - 4, f"limit {limit}", "c-note", "end")
    for week in range(0, int(span), 14):
        day = start + dt.timedelta(days=week)
        chart.text(x_of(day), y0 + h + 18, _day(day), "c-tick")
    for date, flared in sessions:
        if start <= date <= end:
            x = x_of(date)
            chart.line(x, y0, x, y0 + h, "c-session", f"Massage on {_day(date)}")
            if flared:
                chart.flare(x, y0 - 8, f"Joints flared after the massage on {_day(date)}")
    for side, points in series.items():
        cls = "c-right" if side == "Right" else "c-left"
        chart.path([(x_of(p.when), y_of(p.value)) for p in points], cls)
        for p in points:
            label = f"{side} {name.lower()}".strip()
            chart.dot(x_of(p.when), y_of(p.value), cls, f"{label}: {p.value} on {_day(p.when)}")
    chart.legend = _tightness_legend(series, sessions, limit)
    if booking:
        chart.legend.append(("c-band", "book a massage in this window"))
        if booking.side is not None and series.get(booking.side):
            chart.legend.append(("c-projection", "forecast"))
    chart.table_head = ["Date", *[side or name for side in series]]
    chart.table_rows = _tightness_rows(series)
    if not total:
        chart.empty = (
            f"Your {name.lower()} tightness appears here once you check in or rate it "
            "in a session, with your limit and when to book the next massage."
        )
    return chart


def _booking_band(chart: Chart, booking: Booking, x_of, series, y_of, limit: int) -> None:
    x0, y0, w, h = _plot_box(chart)
    left = x_of(booking.earliest) - 2
    right = min(x0 + w, x_of(booking.latest + dt.timedelta(days=1)) + 2)
    # Read by her and by her therapists alike: addressed to nobody.
    title = f"Next massage due by {_day(booking.book_by)}"
    chart.bar(left, y0, right - left, h, "c-band", title)
    label = f"by {_day(booking.book_by)}"
    # Keep the label inside the drawing when the window sits at its right edge.
    if (left + right) / 2 + 30 > x0 + w:
        chart.text(x0 + w - 2, y0 + h - 6, label, "c-value", "end")
    else:
        chart.text((left + right) / 2, y0 + h - 6, label, "c-value")
    points = series.get(booking.side) if booking.side is not None else None
    if points:
        last = points[-1]
        target = x_of(booking.book_by)
        chart.line(x_of(last.when), y_of(last.value), target, y_of(limit), "c-projection")


def _booking_desc(booking: Booking | None) -> str:
    if booking is None:
        return ""
    return (
        f" Forecast: book the next massage by {_day(booking.book_by)}, "
        f"likely between {_day(booking.earliest)} and {_day(booking.latest)}."
    )


def _tightness_desc(name, series, sessions, limit) -> str:
    parts = []
    for side, points in series.items():
        if points:
            label = f"{side} {name.lower()}".strip().capitalize()
            parts.append(f"{label} went from {points[0].value} to {points[-1].value}.")
    flares = sum(1 for _, f in sessions if f)
    parts.append(f"{len(sessions)} massages marked, {flares} followed by a flare.")
    parts.append(f"Your limit is {limit}.")
    return " ".join(parts)


def _tightness_legend(series, sessions, limit) -> list[tuple[str, str]]:
    legend = [("c-right" if s == "Right" else "c-left", s or "Tightness") for s in series]
    legend += [("c-session", "massage"), ("c-limit", f"limit {limit}")]
    if any(f for _, f in sessions):
        legend.append(("c-flare", "flare after massage"))
    return legend


def _tightness_rows(series) -> list[list[str]]:
    by_day: dict[dt.date, dict[str, int]] = {}
    for side, points in series.items():
        for p in points:
            by_day.setdefault(p.when.date(), {})[side] = p.value
    return [
        [_day(day), *[str(values.get(side, "")) for side in series]]
        for day, values in sorted(by_day.items())
    ]


def relief_chart(*, id: str, sessions: list[tuple[dt.date, float, bool]]) -> Chart:
    """Average relief (points of tightness before minus the day after) per massage."""
    chart = Chart(
        id=id,
        title="Relief per massage",
        desc=_relief_desc(sessions),
    )
    x0, y0, w, h = _plot_box(chart)
    top = max([4.0, *[r for _, r, _ in sessions]])
    _y_axis(chart, top, [0, 2, 4] if top <= 4 else [0, round(top / 2), round(top)])
    slot = w / max(1, len(sessions))
    # A date under every bar that has room for one (TICK_ROOM), counted
    # back from the latest, which always has its date.
    every = max(1, math.ceil(TICK_ROOM / slot))
    for i, (date, relief, flared) in enumerate(sessions):
        bh = h * max(relief, 0) / top
        x = x0 + i * slot + slot * 0.2
        cls = "c-bar-flare" if flared else "c-bar"
        what = f"Massage on {_day(date)}: {relief:.1f} points of relief"
        chart.bar(x, y0 + h - bh, slot * 0.6, bh, cls, what + (", then a flare" if flared else ""))
        chart.text(x + slot * 0.3, y0 + h - bh - 4, f"{relief:.1f}", "c-value")
        if (len(sessions) - 1 - i) % every == 0:
            chart.text(x + slot * 0.3, y0 + h + 14, _day(date), "c-tick")
        if flared:
            chart.flare(x + slot * 0.3, y0 + h + 24, f"Flare after {_day(date)}")
    if not sessions:
        chart.empty = (
            "How much each massage relieved appears here once a session has tightness "
            "rated before it and a check-in the day after."
        )
    chart.legend = [("c-bar", "relief"), ("c-bar-flare", "relief, then a flare")]
    chart.table_head = ["Massage", "Relief (points)", "Flare"]
    chart.table_rows = [[_day(d), f"{r:.1f}", "yes" if f else "no"] for d, r, f in sessions]
    return chart


def _relief_desc(sessions) -> str:
    if not sessions:
        return "No massage has tightness recorded before and after yet."
    best = max(sessions, key=lambda s: s[1])
    flares = sum(1 for s in sessions if s[2])
    return (
        f"{len(sessions)} massages. Most relief on {_day(best[0])}: {best[1]:.1f} points. "
        f"{flares} followed by a flare."
    )


def adherence_chart(*, id: str, weeks: list) -> Chart:
    """Stretching days per week against her target."""
    chart = Chart(id=id, title="Stretching days per week", desc=_adherence_desc(weeks))
    x0, y0, w, h = _plot_box(chart)
    target = weeks[-1].target if weeks else 5
    _y_axis(chart, 7, [0, target, 7])
    y_target = y0 + h - h * target / 7
    chart.line(x0, y_target, x0 + w, y_target, "c-limit", f"Target: {target} days")
    slot = w / max(1, len(weeks))
    for i, week in enumerate(weeks):
        bh = h * week.days / 7
        x = x0 + i * slot + slot * 0.2
        cls = "c-bar" if week.days >= week.target else "c-bar-short"
        title = f"Week of {_day(week.start)}: {week.days} of {week.target} days"
        chart.bar(x, y0 + h - bh, slot * 0.6, bh, cls, title)
        chart.text(x + slot * 0.3, y0 + h - bh - 4, str(week.days), "c-value")
        if (len(weeks) - 1 - i) % 2 == 0:  # every other week, ending with this one
            chart.text(x + slot * 0.3, y0 + h + 14, _day(week.start), "c-tick")
    chart.legend = [
        ("c-bar", "target met"),
        ("c-bar-short", "below target"),
        ("c-limit", f"target {target} days"),
    ]
    chart.table_head = ["Week of", "Days stretched", "Target"]
    chart.table_rows = [[_day(wk.start), str(wk.days), str(wk.target)] for wk in weeks]
    if not any(week.days for week in weeks):
        chart.empty = (
            "Your stretching days per week appear here, against your target, once you "
            "tick off a day on the stretching routine page."
        )
    return chart


def _adherence_desc(weeks) -> str:
    if not weeks:
        return "No weeks yet."
    met = sum(1 for w in weeks if w.days >= w.target)
    last = weeks[-1]
    return (
        f"Target met in {met} of the last {len(weeks)} weeks. "
        f"This week so far: {last.days} of {last.target} days."
    )
