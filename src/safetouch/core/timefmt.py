"""The one date and time format, and the viewer's own day: "Tue 1 Dec 2026", "17:25".

Templates use Django's `date` filter with no argument (settings.DATE_FORMAT) or the
`|day` / `|clock` / `|moment` filters of `{% load when %}`; Python code (emails, PDFs,
calendars, exports) calls the functions below. Storage stays UTC: a moment is turned into
the viewer's zone only when it is shown.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import dateformat, timezone

DATE_FORMAT = "D j M Y"  # Tue 1 Dec 2026
SHORT_DATE_FORMAT = "D j M"  # Tue 1 Dec, where the year is plain from the page
TIME_FORMAT = "H:i"  # 17:25
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"  # Tue 1 Dec 2026, 17:25


def local(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """An aware moment in `zone` (default: the active zone, the viewer's)."""
    return timezone.localtime(moment, zone or timezone.get_current_timezone())


def _shown(value, fmt: str, zone: dt.tzinfo | None, formatter=dateformat.format) -> str:
    """`value` in the one format; an aware moment first turned into `zone`'s time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = local(value, zone)
    return formatter(value, fmt)


def day(value: dt.date | dt.datetime | None, zone: dt.tzinfo | None = None) -> str:
    return _shown(value, DATE_FORMAT, zone)


def short_day(value: dt.date | dt.datetime | None, zone: dt.tzinfo | None = None) -> str:
    return _shown(value, SHORT_DATE_FORMAT, zone)


def clock(value: dt.datetime | dt.time | None, zone: dt.tzinfo | None = None) -> str:
    return _shown(value, TIME_FORMAT, zone, dateformat.time_format)


def moment(value: dt.datetime | None, zone: dt.tzinfo | None = None) -> str:
    return _shown(value, DATETIME_FORMAT, zone)


def today(zone: dt.tzinfo | None = None) -> dt.date:
    """Her today: the date where she is, not in UTC."""
    return timezone.localdate(timezone=zone or timezone.get_current_timezone())


def now_local(zone: dt.tzinfo | None = None) -> dt.datetime:
    return local(timezone.now(), zone)


def zone_of(user) -> zoneinfo.ZoneInfo:
    """A user's zone; the server's TIME_ZONE for no user."""
    zone = getattr(user, "zone", None)
    return zone if zone is not None else timezone.get_default_timezone()
