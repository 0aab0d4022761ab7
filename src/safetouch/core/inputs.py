"""The limits every path applies to free input: forms, the API and the account import.

One function per rule, each returning the message (or None), so a Django form, a
pydantic schema and an import file word a refusal alike and name the field.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

# Dates a record can carry: enough for any life, far from the calendar's ends, where
# date arithmetic (a follow-up day, a FHIR period) would overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)

NAME_MAX = 100
SHORT_NOTE_MAX = 300
NOTE_MAX = 4000

# The same rules as regular expressions, valid in Python and in ECMA-262, so the API's
# OpenAPI document publishes exactly what the functions below enforce: C0 and C1 control
# characters and Unicode line separators; a note may hold tabs and line breaks.
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$"
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$"
DATE_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
# A date and time starts with such a date (its format, date-time, says the rest).
STAMP_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}T"

_LINE = re.compile(LINE_PATTERN)
_TEXT = re.compile(TEXT_PATTERN)


def line_problem(value: str) -> str | None:
    """A name or label: one line, printable."""
    if not _LINE.fullmatch(value):
        return "must be one line of text, without line breaks or control characters"
    return None


def text_problem(value: str) -> str | None:
    """A note: line breaks and tabs are fine, other control characters are not."""
    if not _TEXT.fullmatch(value):
        return "must be text without control characters"
    return None


def date_problem(value: dt.date) -> str | None:
    if not EARLIEST <= value <= LATEST:
        return f"must be from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
    return None


def _django(check):
    def validator(value) -> None:
        problem = check(value)
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:] + ".", code="invalid")

    validator.__name__ = f"validate_{check.__name__}"
    return validator


validate_line = _django(line_problem)
validate_text = _django(text_problem)
validate_date = _django(date_problem)
