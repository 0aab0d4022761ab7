"""Shapes of the API's requests and answers; the export file reuses them.

Inputs are strict (no "5" for 5, no unknown fields) so a typo is an error that names
the field, never a silent default.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from safetouch.core.schemas import (
    Date,
    In,
    PositionId,
    Pressure,
    RegionId,
    Rule,
    Score,
    Stamp,
    StretchId,
    TechniqueId,
    note,
    text,
)
from safetouch.records.access import Level as Access

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
