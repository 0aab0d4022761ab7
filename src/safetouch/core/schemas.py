"""The strict input types every JSON reader shares: the API's request bodies and the
account file. Strict (no "5" for 5, no unknown fields) so a typo is an error that names
the field, never a silent default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, Field

from safetouch.core import inputs
from safetouch.engine.catalog import POSITIONS, REGIONS, TECHNIQUES
from safetouch.engine.stretches import STRETCHES

RegionId = Literal[tuple(REGIONS)]  # type: ignore[valid-type]
TechniqueId = Literal[tuple(TECHNIQUES)]  # type: ignore[valid-type]
PositionId = Literal[tuple(POSITIONS)]  # type: ignore[valid-type]
StretchId = Literal[tuple(STRETCHES)]  # type: ignore[valid-type]
Rule = Literal["focus", "caution", "avoid"]
Pressure = Annotated[int, Field(ge=1, le=5)]
Score = Annotated[int, Field(ge=0, le=10)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _no_surrogates(value: str) -> str:
    # PostgreSQL refuses lone surrogates and NUL; refuse them here, with the field's name.
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("must be valid Unicode text")
    return value


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a real calendar date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Published:
    """Publishes a `safetouch.core.inputs` rule as the field's JSON Schema pattern, so
    generated clients and schemathesis know it; the rule's own function enforces it."""

    pattern: str

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.setdefault("pattern", self.pattern)  # a stricter pattern of its own stays
        return schema


def _checked(problem):
    def validate(value):
        message = problem(value)
        if message:
            raise ValueError(message)
        return value

    return AfterValidator(validate)


def text(max_length: int, min_length: int = 0):
    """A name or label: one line (safetouch.core.inputs, as the forms and the import)."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        Published(inputs.LINE_PATTERN),
        AfterValidator(_no_surrogates),
        _checked(inputs.line_problem),
    ]


def note(max_length: int):
    """Free text: line breaks allowed, other control characters not."""
    return Annotated[
        str,
        Field(max_length=max_length),
        Published(inputs.TEXT_PATTERN),
        AfterValidator(_no_surrogates),
        _checked(inputs.text_problem),
    ]


Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    _checked(inputs.date_problem),
    Published(inputs.DATE_PATTERN),
]


def _aware(value: object) -> object:
    # JSON has no datetime type: accept ISO 8601 strings, like the exports write.
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date and time in ISO 8601 with a UTC offset") from None
    return value


def _utc(value: dt.datetime) -> dt.datetime:
    # Within the years a record may carry, any offset JSON Schema allows (up to 23:59,
    # where PostgreSQL takes 15:59) converts to UTC without leaving the calendar.
    return value.astimezone(dt.UTC)


# The date as written (before the offset moves it) keeps to the dates a record can carry,
# as the published pattern says.
Stamp = Annotated[
    AwareDatetime,
    BeforeValidator(_aware),
    _checked(lambda value: inputs.date_problem(value.date())),
    AfterValidator(_utc),
    Published(inputs.STAMP_PATTERN),
]


class In(Schema):
    """Base of every request body: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid")
