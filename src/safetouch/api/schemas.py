"""Shapes of the API's requests and answers; the export file reuses them.

Inputs are strict (no "5" for 5, no unknown fields) so a typo is an error that names
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
Access = Literal["owner", "limits", "write", "read"]
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
    # PostgreSQL takes offsets up to 15:59 only; JSON Schema's date-time allows 23:59.
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


Stamp = Annotated[AwareDatetime, BeforeValidator(_aware), AfterValidator(_utc)]


class In(Schema):
    """Base of every request body: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


# --- profile and zones -------------------------------------------------------------


class ClientSummary(Schema):
    id: int
    first_name: str
    access: Access


class ZoneIn(In):
    rule: Rule
    pressure_cap: Pressure | None = Field(
        None, description="Caution zones: the highest pressure (default 2). Ignored for avoid."
    )


class ZoneOut(Schema):
    region: RegionId
    rule: Rule
    pressure_cap: Pressure | None


class BannedOut(Schema):
    technique: TechniqueId
    region: RegionId | None = Field(description="None: banned everywhere.")


class ProfileOut(Schema):
    id: int
    first_name: str
    position: PositionId
    prone_max_minutes: int | None
    positioning_notes: str
    risk_tolerance: float
    zones: list[ZoneOut]
    banned: list[BannedOut]


def _unset(schema: dict) -> None:
    # An optional field that may not be null: no default in the schema, so no generator
    # or reader takes null for an allowed value.
    schema.pop("default", None)


Unset = Field(None, json_schema_extra=_unset)


class ProfilePatch(In):
    """Only the fields sent change."""

    position: PositionId = Unset
    prone_max_minutes: Annotated[int, Field(ge=0, le=180)] | None = Field(
        None, description="null: face down is fine; 0: never face down."
    )
    positioning_notes: note(300) = Unset
    risk_tolerance: Annotated[float, Field(gt=0, lt=1)] = Unset


# --- sessions ------------------------------------------------------------------------


CONFIRM_BREAKS = (
    "An item that breaks her limits (engine.check) is refused with 409 naming the rule; "
    "send true to log it anyway, as a record of what happened: it is then marked."
)


class ItemIn(In):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure
    minutes: Annotated[int, Field(ge=1, le=180)]
    too_much: bool = False


class ItemLogIn(ItemIn):
    confirm_breaks: bool = Field(False, description=CONFIRM_BREAKS)


class BreakOut(Schema):
    rule: Literal[
        "avoid", "max_pressure", "banned", "too_much", "si_caution", "technique_range", "minutes"
    ]
    reason: str


class ItemOut(Schema):
    id: int
    region: RegionId
    technique: TechniqueId
    pressure: Pressure
    minutes: int
    too_much: bool
    breach: str | None = Field(
        None, description="In words, which of her limits this item broke when it was logged."
    )
    breaks: list[BreakOut] = Field(
        default_factory=list, description="The rules engine.check refused when it was logged."
    )


class FlagIn(In):
    too_much: bool


class LighterOkIn(In):
    lighter_ok: bool = Field(
        description="true: she says this flagged pair may be tried again, below the pressure "
        "she flagged; false: never again. Only the client herself may send it."
    )


class FlaggedOut(Schema):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure = Field(description="The lowest pressure she flagged.")
    reason: str
    lighter_ok: bool


class TightnessIn(In):
    before: Score | None = None
    after: Score | None = None


class OutcomeIn(In):
    flare: bool
    hours_after: Annotated[int, Field(ge=0, le=96)] | None = Field(
        None, description="When the flare started; ignored without a flare."
    )
    notes: note(4000) = ""
    tightness: dict[RegionId, TightnessIn] = Field(default_factory=dict)


class TightnessOut(Schema):
    before: Score | None
    after: Score | None


class OutcomeOut(Schema):
    flare: bool
    hours_after: int | None
    notes: str
    tightness: dict[str, TightnessOut]


class SessionIn(In):
    date: Date
    minutes: Annotated[int, Field(ge=1, le=240)]
    position: PositionId | None = Field(None, description="Default: her preferred position.")
    therapist: text(100) | None = Field(None, description="Her name; added if new.")
    notes: note(4000) = ""
    items: list[ItemIn] = Field(default_factory=list, max_length=60)
    confirm_breaks: bool = Field(False, description=CONFIRM_BREAKS)


class SessionOut(Schema):
    id: int
    date: dt.date
    minutes: int
    position: PositionId
    therapist: str | None
    notes: str
    items: list[ItemOut]
    outcome: OutcomeOut | None


# --- check-ins between sessions -----------------------------------------------------


class CheckInIn(In):
    at: Stamp = Field(description="When, with a UTC offset, e.g. 2026-11-03T18:30:00+01:00.")
    training_minutes: Annotated[int, Field(ge=0, le=3000)] = Field(
        description="Training since the previous check-in."
    )
    temperature_c: Annotated[float, Field(ge=-50, le=50)] | None = None
    notes: note(300) = ""
    tightness: dict[RegionId, Score] = Field(default_factory=dict)
    stretches: list[StretchId] = Field(default_factory=list, max_length=30)


class CheckInOut(Schema):
    id: int
    at: dt.datetime
    training_minutes: int
    temperature_c: float | None
    notes: str
    tightness: dict[str, Score]
    stretches: list[StretchId]
