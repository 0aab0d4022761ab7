"""POST /api/v1/plan: the engine contract (../shared/engine-contract.md) over HTTP."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, ValidationError

from safetouch.api.errors import ErrorOut, FieldError, error_body, field_errors
from safetouch.api.schemas import Date, In, Pressure, RegionId, TechniqueId
from safetouch.api.wire import wire_json
from safetouch.engine import EngineError, recommend

router = Router(tags=["plan"])


class Banned(In):
    technique: TechniqueId
    region: RegionId | None = None


Level = Annotated[float, Field(ge=0, le=10)]


class ClientLimits(In):
    avoid: list[RegionId] = []
    max_pressure: dict[RegionId, Pressure] = {}
    banned: list[Banned] = []
    tightness: dict[RegionId, Level] = {}
    risk_tolerance: Annotated[float, Field(gt=0, lt=1)] = 0.05


class Done(In):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure
    minutes: Annotated[float, Field(gt=0, le=600)]


class TooMuch(In):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure


class Past(In):
    date: Date | None = None
    items: list[Done] = []
    too_much: list[TooMuch] = []
    flare: bool | None = Field(None, description="null: not known yet.")
    tightness_before: dict[RegionId, Level] = {}
    tightness_after: dict[RegionId, Level] = {}


class ThresholdShift(In):
    mean: Annotated[float, Field(ge=-2.5, le=1.5)]
    sd: Annotated[float, Field(ge=0.2, le=2.0)]


class ReliefPrior(In):
    log_mean: Annotated[float, Field(ge=-1.0, le=1.0)]
    log_sd: Annotated[float, Field(ge=0.1, le=1.0)]


class Flags(In):
    speak_up: Annotated[float, Field(ge=0.1, le=0.95)]


class Population(In):
    """What a practice has learned (`safetouch.engine.fit_population`); no per-client value."""

    version: Literal[1]
    clients: Annotated[int, Field(ge=0)]
    threshold_shift: ThresholdShift
    relief: ReliefPrior
    flags: Flags


class PlanRequest(In):
    """The engine's request: her limits, what was done before, the next session's length.
    `history` is oldest first: a session dated before the one above it is refused.
    `population` is optional: without it the engine uses its built-in prior."""

    client: ClientLimits
    history: list[Past] = []
    minutes: Annotated[int, Field(ge=10, le=180)]
    population: Population | None = None


class PlanItem(Schema):
    region: RegionId
    technique: TechniqueId
    pressure: Pressure
    minutes: int
    why: str


class Excluded(Schema):
    region: RegionId
    technique: TechniqueId | None = None
    reason: str


class Planned(Schema):
    technique: TechniqueId
    pressure: Pressure
    minutes: int


class Change(Schema):
    """One region against her last session; `from` is absent for new, `to` for dropped."""

    region: RegionId
    technique: TechniqueId
    change: Literal["kept", "lighter", "deeper", "new", "dropped", "switched"]
    from_: Planned | None = Field(None, alias="from")
    to: Planned | None = None
    reason: str


class PlanResponse(Schema):
    items: list[PlanItem]
    excluded: list[Excluded]
    flare_risk: float
    expected_relief: float
    changes: list[Change] | None = Field(
        None, description="The plan against the last session in `history`; absent without one."
    )


def _schema_problem(data: object) -> dict | None:
    try:
        PlanRequest.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        return error_body(field_errors(exc.errors(include_url=False)))
    return None


@router.post(
    "/plan",
    response={200: PlanResponse, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    # The contract's own keys: "from" (a Python keyword) by its alias, `changes` left out
    # when the engine leaves it out.
    by_alias=True,
    exclude_unset=True,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/PlanRequest"}}
            },
        }
    },
)
def plan(request: HttpRequest):
    """Propose the next session. The body is the engine's request, passed through as is;
    a request the engine refuses answers 422 with the engine's own message."""
    try:
        data = wire_json(request.body)
    except ValueError:
        return Status(400, error_body([FieldError(field="body", message="not valid JSON")]))
    problem = _schema_problem(data)
    try:
        response = recommend(data)
    except EngineError as exc:
        return Status(422, engine_error_body(str(exc)))
    except Exception:
        if problem:  # the engine choked on what the schema already refuses
            return Status(422, problem)
        raise
    # The engine is lenient about wire types (true for 1); the contract's schema is not.
    return Status(422, problem) if problem else response


def engine_error_body(message: str) -> dict:
    field, _, rest = message.partition(": ")
    return {"detail": message, "errors": [{"field": field, "message": rest or message}]}
