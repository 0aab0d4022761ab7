"""CSV tables for spreadsheets: one row per thing done, dates and names spelled out.

Each table is registered in TABLES by name: sessions, and check-ins between them.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from safetouch.engine.catalog import POSITIONS, REGIONS, TECHNIQUES
from safetouch.engine.stretches import STRETCHES
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record

SESSION_COLUMNS = [
    "date",
    "therapist",
    "position",
    "session_minutes",
    "region",
    "technique",
    "pressure",
    "item_minutes",
    "too_much",
    "flare",
    "flare_hours_after",
    "tightness_before",
    "tightness_after",
    "notes",
]


FORMULA_STARTS = frozenset("=+-@")


def _safe(value: object) -> object:
    """Quote a text cell a spreadsheet app could run as a formula: one whose first
    character after any spaces or line breaks is = + - @ or a full-width or small form
    of them (＝ ＋ － ＠ ﹦ ...), or that starts with a tab or carriage return."""
    if not isinstance(value, str):
        return value
    first = unicodedata.normalize("NFKC", value.lstrip()[:1])
    if value[:1] in ("\t", "\r") or first in FORMULA_STARTS:
        return "'" + value
    return value


def session_rows(record: Record) -> Iterable[list]:
    for s in record.sessions:
        outcome = s.outcome
        tight = {t.region: t for t in s.tightness}
        common = [
            s.date.isoformat(),
            s.therapist.name if s.therapist else "",
            POSITIONS[s.position].name,
            s.minutes,
        ]
        after = [
            "" if outcome is None else ("yes" if outcome.flare else "no"),
            "" if outcome is None or outcome.hours_after is None else outcome.hours_after,
        ]
        items = s.items or [None]
        for item in items:
            t = tight.get(item.region) if item else None
            yield [
                *common,
                REGIONS[item.region].name if item else "",
                TECHNIQUES[item.technique].name if item else "",
                item.pressure if item else "",
                item.minutes if item else "",
                ("yes" if item.too_much else "no") if item else "",
                *after,
                "" if t is None or t.before is None else t.before,
                "" if t is None or t.after is None else t.after,
                s.notes,
            ]


CHECKIN_COLUMNS = [
    "at",
    "region",
    "tightness",
    "training_minutes",
    "temperature_c",
    "stretches",
    "notes",
]


def checkin_rows(record: Record) -> Iterable[list]:
    for c in record.checkins:
        stretches = "; ".join(STRETCHES[s].name for s in c.stretches)
        common = [
            c.training_minutes,
            "" if c.temperature_c is None else c.temperature_c,
            stretches,
            c.notes,
        ]
        readings = c.tightness or [None]
        for t in readings:
            yield [
                timezone.localtime(c.at).isoformat(timespec="minutes"),
                REGIONS[t.region].name if t else "",
                t.value if t else "",
                *common,
            ]


TABLES: dict[str, tuple[list[str], Callable[[Record], Iterable[list]]]] = {
    "sessions": (SESSION_COLUMNS, session_rows),
    "checkins": (CHECKIN_COLUMNS, checkin_rows),
}


TITLES = {"sessions": "Sessions", "checkins": "Check-ins"}


def table_lines(name: str, client: ClientProfile) -> Iterator[str]:
    """The table as CSV text, a row at a time, made while it is sent."""
    columns, rows = TABLES[name]
    record = load_record(client)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows(record):
        writer.writerow([_safe(v) for v in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def table_csv(name: str, client: ClientProfile) -> str:
    return "".join(table_lines(name, client))
