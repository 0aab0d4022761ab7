"""The iCalendar reminders: when to book the next massage, and the stretching days."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event, vRecur

from safetouch.core import timefmt
from safetouch.engine.forecast import Forecast
from safetouch.engine.stretches import Stretch

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Spread n stretching days over the week rather than bunching them at its start.
SPREAD = {
    1: [2],
    2: [1, 4],
    3: [0, 2, 4],
    4: [0, 2, 4, 6],
    5: [0, 1, 3, 4, 6],
    6: [0, 1, 2, 3, 4, 6],
    7: list(range(7)),
}


def reminders_calendar(
    *,
    client_id: int,
    forecast: Forecast,
    routine: list[Stretch],
    stretch_days: int,
    now: dt.datetime,
    host: str = "safetouch",
) -> bytes:
    """An RFC 5545 calendar with the booking reminder and a weekly stretching reminder."""
    cal = Calendar()
    cal.add("prodid", "-//SafeTouch//between sessions//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "SafeTouch reminders")
    if forecast.book_by is not None:
        cal.add_component(_booking(client_id, forecast, now, host))
    if routine:
        cal.add_component(_stretching(client_id, routine, stretch_days, now, host))
    return cal.to_ical()


def _booking(client_id: int, forecast: Forecast, now: dt.datetime, host: str) -> Event:
    event = Event()
    event.add("uid", f"booking-{client_id}@{host}")
    event.add("dtstamp", now)
    event.add("summary", "Book your next massage")
    event.add("dtstart", forecast.book_by)
    event.add("dtend", forecast.book_by + dt.timedelta(days=1))
    event.add("description", _booking_text(forecast))
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Book your next massage")
    alarm.add("trigger", dt.timedelta(days=-2))
    event.add_component(alarm)
    return event


def _booking_text(forecast: Forecast) -> str:
    lines = [forecast.message]
    if forecast.earliest and forecast.latest:
        lines.append(
            f"Likely between {timefmt.day(forecast.earliest)} and "
            f"{timefmt.day(forecast.latest)}, "
            "from your check-ins."
        )
    return "\n".join(lines)


def _stretching(
    client_id: int, routine: list[Stretch], days: int, now: dt.datetime, host: str
) -> Event:
    event = Event()
    event.add("uid", f"stretching-{client_id}@{host}")
    event.add("dtstamp", now)
    event.add("summary", "Stretching routine")
    # Floating local time: 7 pm wherever she is.
    start = dt.datetime.combine(now.date(), dt.time(19, 0))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=15))
    byday = [WEEKDAYS[i] for i in SPREAD[max(1, min(7, days))]]
    event.add("rrule", vRecur(freq="WEEKLY", byday=byday))
    event.add("description", "\n".join(f"{s.name}: {s.caution}" for s in routine))
    return event
