"""What the between-sessions page and the dashboard card show: forecast and charts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetouch.checkins import charts, selectors
from safetouch.checkins.models import (
    CheckIn,
    CheckInStretch,
    CheckInTightness,
    Preferences,
    RoutineStretch,
)
from safetouch.clients.models import ClientProfile, ZoneRule
from safetouch.core.cache import cached, table_rows
from safetouch.engine.catalog import REGIONS
from safetouch.treatments.models import MassageSession, Outcome, Tightness

WINDOW_DAYS = 56


def between_context(client: ClientProfile, *, today: dt.date) -> dict:
    """The forecast and charts, refitted and redrawn only when what they show changed."""
    prefs = selectors.preferences_of(client)
    parts = (client.pk, today, timezone.get_current_timezone_name(), *_inputs(client))
    derived = cached("between:v1", parts, lambda: _derived(client, today=today, prefs=prefs))
    return {"client": client, "prefs": prefs, **derived}


def _inputs(client: ClientProfile) -> tuple:
    """Every row the forecast and charts read, whole: the cache key of what they show."""
    return table_rows(
        client.pk,
        (CheckIn, "client"),
        (CheckInTightness, "checkin__client"),
        (CheckInStretch, "checkin__client"),
        (MassageSession, "client"),
        (Tightness, "session__client"),
        (Outcome, "session__client"),
        (Preferences, "client"),
        (RoutineStretch, "client"),
        (ZoneRule, "client"),
    )


def _derived(client: ClientProfile, *, today: dt.date, prefs) -> dict:
    forecast = selectors.forecast_for(client, today=today)
    weeks = selectors.adherence(client, today=today)
    return {
        "forecast": forecast,
        "forecast_region": REGIONS[forecast.region].name if forecast.region else "",
        "tightness_charts": _lead_first(
            tightness_charts(client, today=today, limit=prefs.limit_level, forecast=forecast),
            forecast.region,
        ),
        "relief_chart": charts.relief_chart(id="relief", sessions=relief(client)),
        "adherence_chart": charts.adherence_chart(id="adherence", weeks=weeks),
        "routine": selectors.routine_of(client),
        "outlook_f": forecast.outlook.temperature_c * 9 / 5 + 32 if forecast.outlook else None,
    }


def _lead_first(charts_: list[charts.Chart], region: str | None) -> list[charts.Chart]:
    """The chart of the region the forecast is about comes first."""
    lead = f"tight-{REGIONS[region].group}" if region else ""
    return sorted(charts_, key=lambda c: c.id != lead)


def tightness_charts(
    client: ClientProfile, *, today: dt.date, limit: int, forecast=None
) -> list[charts.Chart]:
    """One small chart per muscle group, left and right together, the last eight weeks,
    and the forecast's booking window."""
    start = today - dt.timedelta(days=WINDOW_DAYS - 1)
    points: dict[str, list[charts.Point]] = {}
    for checkin in reversed(selectors.checkins_for(client).filter(at__date__gte=start)):
        when = timezone.localtime(checkin.at).replace(tzinfo=None)
        for t in checkin.tightness.all():
            points.setdefault(t.region, []).append(charts.Point(when, t.value))
    sessions = [
        (s.date, bool(getattr(s, "outcome", None) and s.outcome.flare))
        for s in MassageSession.objects.for_client(client)
        .filter(date__gte=start)
        .select_related("outcome")
        .order_by("date")
    ]
    regions = selectors.checkin_regions(client) or sorted(points)
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


def checkin_summary(checkin) -> str:
    """'Calves 5/4 · Upper back 3': left/right pairs per muscle group, in body order."""
    by_group: dict[str, dict[str, int]] = {}
    for t in sorted(checkin.tightness.all(), key=lambda t: selectors.region_order(t.region)):
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


def relief(client: ClientProfile, *, last: int = 8) -> list[tuple[dt.date, float, bool]]:
    """(date, mean points of relief, flared) for her latest massages with tightness noted."""
    rows = []
    sessions = (
        MassageSession.objects.for_client(client)
        .select_related("outcome")
        .prefetch_related("tightness")
        .order_by("-date")
    )
    for session in sessions:
        reliefs = [t.relief for t in session.tightness.all() if t.relief is not None]
        if reliefs:
            flared = bool(getattr(session, "outcome", None) and session.outcome.flare)
            rows.append((session.date, sum(reliefs) / len(reliefs), flared))
        if len(rows) == last:
            break
    return rows[::-1]
