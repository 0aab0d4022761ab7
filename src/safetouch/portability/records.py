"""The account file's records: what one row of each model looks like on the way out and in.

Strict like the API's inputs, so a hand-edited file that says "3" for 3 or misspells
a field is refused with the field's path rather than imported half-right.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from safetouch.api.schemas import (
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
from safetouch.engine.stretches import SAFE_STRETCHES
from safetouch.records.models import TRAINING_MAX_MINUTES

Email = Annotated[text(254, 3), Field(pattern=r"^[^@\s\x00]+@[^@\s\x00]+$")]


def _known_zone(value: str) -> str:
    import zoneinfo

    if value not in zoneinfo.available_timezones():
        raise ValueError("not a time zone name such as Europe/London")
    return value


TimeZone = Annotated[text(64, 1), AfterValidator(_known_zone)]


class AccountRecord(In):
    email: Email
    first_name: text(150)
    last_name: text(150) = ""
    role: Literal["client", "therapist"]
    # Her settings; a file made before they existed imports with the defaults.
    time_zone: TimeZone = "UTC"
    remind_booking: bool = True
    remind_stretching: bool = True
    remind_outcome: bool = True
    remind_flare: bool = True


class ProfileRecord(In):
    first_name: text(60, 1)
    position: PositionId
    prone_max_minutes: Annotated[int, Field(ge=0, le=180)] | None
    positioning_notes: note(300)
    risk_tolerance: Annotated[float, Field(gt=0, lt=1)]
    created: Stamp


class ZoneRecord(In):
    region: RegionId
    rule: Rule
    pressure_cap: Pressure | None
    updated: Stamp


class BannedRecord(In):
    technique: TechniqueId
    region: RegionId | None


_STATE = (
    "The limit's state: a zone {rule, cap} or null, a ban {banned: true} or null, the "
    "flare limit as a fraction, the minutes face down or null. Checked against `kind`."
)


class LimitChangeRecord(In):
    """One change to one of her limits, as her dashboard and the sheet tell it."""

    created: Stamp
    actor_name: text(100, 1)
    kind: Literal["zone", "ban", "tolerance", "prone"]
    subject: text(80)
    # Its shape depends on `kind`; sections.py checks it, naming the field.
    before: Any = Field(description=_STATE)
    after: Any = Field(description=_STATE)
    loosened: bool


class TherapistRecord(In):
    name: text(100, 1)
    account_email: Email | None = Field(None, description="Her SafeTouch account, if any.")


class GrantRecord(In):
    grantee_email: Email
    access: Literal["read", "write", "limits"]
    created: Stamp
    revoked: Stamp | None


class BreakRecord(In):
    rule: Literal[
        "avoid", "max_pressure", "banned", "too_much", "si_caution", "technique_range", "minutes"
    ]
    reason: text(1000)


class ItemRecord(In):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure
    minutes: Annotated[int, Field(ge=1, le=180)]
    too_much: bool
    breaks: list[BreakRecord] = Field(
        default_factory=list, description="Which of her limits it broke when it was logged."
    )


class LighterOkRecord(In):
    """A pair she flagged too much and has said may be tried again, lighter."""

    region: RegionId
    technique: TechniqueId


class OutcomeRecord(In):
    flare: bool
    hours_after: Annotated[int, Field(ge=0, le=96)] | None
    notes: note(4000)
    recorded: Stamp


class TightnessRecord(In):
    region: RegionId
    before: Score | None
    after: Score | None


class SessionRecord(In):
    date: Date
    minutes: Annotated[int, Field(ge=1, le=240)]
    position: PositionId
    therapist: text(100, 1) | None
    notes: note(4000)
    next_time: note(500) = ""  # the note for next time, left in in-session mode
    created: Stamp
    items: list[ItemRecord]
    outcome: OutcomeRecord | None
    tightness: list[TightnessRecord]


# --- between sessions (safetouch.checkins) -------------------------------------------

SafeStretchId = Literal[tuple(s.id for s in SAFE_STRETCHES)]  # type: ignore[valid-type]


class CheckInTightnessRecord(In):
    region: RegionId
    value: Score


class CheckInRecord(In):
    at: Stamp
    training_minutes: Annotated[int, Field(ge=0, le=TRAINING_MAX_MINUTES)]
    temperature_c: Annotated[float, Field(ge=-50, le=50)] | None
    notes: note(300)
    created: Stamp
    updated: Stamp
    tightness: list[CheckInTightnessRecord]
    stretches: list[StretchId]


class PreferencesRecord(In):
    temperature_unit: Literal["C", "F"]
    limit_level: Annotated[int, Field(ge=1, le=10)]
    stretch_days: Annotated[int, Field(ge=1, le=7)]
