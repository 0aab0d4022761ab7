"""What the between-sessions page and the dashboard card show: forecast and charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from safetouch.checkins import charts, selectors
from safetouch.core.cache import remembered
from safetouch.engine.catalog import REGIONS
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record

WINDOW_DAYS = 56


def between_context(
    client: ClientProfile, *, today: dt.date, record: Record | None = None
) -> dict:
    """The forecast and charts, refitted and redrawn only when her record (or the day,
    or the time zone that dates her readings) changed."""
    record = record or load_record(client)
    parts = (record.fingerprint, today, timezone.get_current_timezone_name())
    derived = remembered("between:v3", parts, lambda: _derived(record, today=today))
    return {"client": client, "prefs": record.preferences, **derived}


def _derived(record: Record, *, today: dt.date) -> dict:
    forecast = selectors.forecast_of(record, today=today)
    weeks = selectors.adherence(record.client, today=today, record=record)
    return {
        "forecast": forecast,
        "forecast_region": REGIONS[forecast.region].name if forecast.region else "",
        "tightness_charts": _lead_first(
            tightness_charts(
                record, today=today, limit=record.preferences.limit_level, forecast=forecast
            ),
            forecast.region,
        ),
        "relief_chart": charts.relief_chart(id="relief", sessions=relief(record)),
        "adherence_chart": charts.adherence_chart(id="adherence", weeks=weeks),
        "routine": selectors.routine_of(record.client, record=record),
        "outlook_f": forecast.outlook.temperature_c * 9 / 5 + 32 if forecast.outlook else None,
    }


def _lead_first(charts_: list[charts.Chart], region: str | None) -> list[charts.Chart]:
    """The chart of the region the forecast is about comes first."""
    lead = f"tight-{REGIONS[region].group}" if region else ""
    return sorted(charts_, key=lambda c: c.id != lead)


def tightness_charts(
    record: Record, *, today: dt.date, limit: int, forecast=None
) -> list[charts.Chart]:
    """One small chart per muscle group, left and right together, the last eight weeks,
    and the forecast's booking window."""
    start = today - dt.timedelta(days=WINDOW_DAYS - 1)
    points: dict[str, list[charts.Point]] = {}
    for checkin in record.checkins:  # oldest first
        when = timezone.localtime(checkin.at).replace(tzinfo=None)
        if when.date() < start:
            continue
        for t in checkin.tightness:
            points.setdefault(t.region, []).append(charts.Point(when, t.value))
    sessions = [(s.date, s.flared) for s in record.sessions if s.date >= start]
    regions = selectors.regions_asked(record) or sorted(points)
    groups: dict[str, dict[str, list[charts.Point]]] = {}
    for region in regions:
        info = REGIONS[region]
        side = "" if info.side == "center" else info.side.capitalize()
        groups.setdefault(info.group, {})[side] = points.get(region, [])
    return [
        charts.tightness_chart(
            id=f"tight-{group}",
            name=_group_name(group),
            series=series,
            start=start,
            end=today,
            sessions=sessions,
            limit=limit,
            booking=_booking(forecast, group),
        )
        for group, series in groups.items()
    ]


def _booking(forecast, group: str) -> charts.Booking | None:
    if forecast is None or forecast.book_by is None:
        return None
    side = None
    if forecast.region and REGIONS[forecast.region].group == group:
        region = REGIONS[forecast.region]
        side = "" if region.side == "center" else region.side.capitalize()
    latest = forecast.latest or forecast.book_by
    return charts.Booking(forecast.book_by, forecast.earliest, latest, side)


def checkin_summary(tightness: Iterable) -> str:
    """'Calves 5/4 · Upper back 3': left/right pairs per muscle group, in body order, of
    a check-in's tightness rows (each with a region and a value)."""
    by_group: dict[str, dict[str, int]] = {}
    for t in sorted(tightness, key=lambda t: selectors.region_order(t.region)):
        by_group.setdefault(REGIONS[t.region].group, {})[REGIONS[t.region].side] = t.value
    parts = []
    for group, sides in by_group.items():
        values = [str(sides[s]) for s in ("left", "center", "right") if s in sides]
        parts.append(f"{_group_name(group)} {'/'.join(values)}")
    return " · ".join(parts)


def _group_name(group: str) -> str:
    region = next(r for r in REGIONS.values() if r.group == group)
    name = region.name if region.side == "center" else region.name.split(" ", 1)[1]
    plural = {"calf": "Calves", "biceps": "Biceps", "quadriceps": "Quadriceps"}
    return plural.get(name, (name + "s") if region.side != "center" else name).capitalize()


def relief(record: Record, *, last: int = 8) -> list[tuple[dt.date, float, bool]]:
    """(date, mean points of relief, flared) for her latest massages with tightness noted."""
    rows = []
    for session in record.sessions_newest_first:
        reliefs = [t.relief for t in session.tightness if t.relief is not None]
        if reliefs:
            rows.append((session.date, sum(reliefs) / len(reliefs), session.flared))
        if len(rows) == last:
            break
    return rows[::-1]
