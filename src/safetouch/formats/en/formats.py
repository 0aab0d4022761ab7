"""Django's format module for English: the one date and time format (core.timefmt).

Django reads a locale's formats before the DATE_FORMAT settings, so without this module
`{{ d|date }}` would print its English default, "Dec. 1, 2026".
"""

from safetouch.core.timefmt import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    SHORT_DATE_FORMAT,
    TIME_FORMAT,
)

SHORT_DATETIME_FORMAT = f"{SHORT_DATE_FORMAT}, {TIME_FORMAT}"

__all__ = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
]
