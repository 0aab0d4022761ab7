"""POST /api/v1/plan: the engine contract (../shared/engine-contract.md) over HTTP.

The engine alone judges the request (its EngineError is the 422); the OpenAPI document
publishes the engine's own JSON Schema (safetouch.engine.schema), so there is one
definition of the contract.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from safetouch.core.errors import ErrorOut, FieldError, error_body
from safetouch.core.wire import wire_json
from safetouch.engine import EngineError, recommend

router = Router(tags=["plan"])
SCHEMAS = "#/components/schemas/"


def plan_response_doc() -> dict:
    """The 200 answer of a plan operation, as the engine's schema describes it."""
    content = {"application/json": {"schema": {"$ref": f"{SCHEMAS}PlanResponse"}}}
    return {"200": {"description": "OK", "content": content}}


def plan_json(response: dict) -> HttpResponse:
    return HttpResponse(json.dumps(response), content_type="application/json")


@router.post(
    "/plan",
    response={400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"{SCHEMAS}PlanRequest"}}},
        },
        "responses": plan_response_doc(),
    },
)
def plan(request: HttpRequest):
    """Propose the next session. The body is the engine's request, passed through as is;
    a request the engine refuses answers 422 with the engine's own message."""
    try:
        data = wire_json(request.body)
    except ValueError:
        return Status(400, error_body([FieldError(field="body", message="not valid JSON")]))
    try:
        return plan_json(recommend(data))
    except EngineError as exc:
        return Status(422, engine_error_body(str(exc)))


def engine_error_body(message: str) -> dict:
    field, _, rest = message.partition(": ")
    return {"detail": message, "errors": [{"field": field, "message": rest or message}]}
