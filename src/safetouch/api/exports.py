"""Export operations: the account file, CSV tables, the FHIR R4 Bundle, and her plan."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from pydantic import Field

from safetouch.api.plan import engine_error_body, plan_json, plan_response_doc
from safetouch.core.errors import ErrorOut
from safetouch.core.schemas import Id
from safetouch.engine import EngineError
from safetouch.planning.saved import next_plan_response
from safetouch.portability import spreadsheets
from safetouch.portability.document import document_model
from safetouch.portability.selectors import account_lines
from safetouch.portability.streams import streamed
from safetouch.records.access import client_for

router = Router(tags=["export"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
AccountDocument = document_model()
Table = Annotated[str, Field(pattern="^(" + "|".join(spreadsheets.TABLES) + ")$")]


def _raw(content_type: str, schema: dict) -> dict:
    return {
        "responses": {200: {"description": "OK", "content": {content_type: {"schema": schema}}}}
    }


@router.get("/clients/{client_id}/export", response={200: AccountDocument, **ERRORS})
def export_account(request: HttpRequest, client_id: Path[Id]):
    """Everything in her account as one file; `safetouch import FILE` reads it back.
    Her own account only: it names the people she shares with."""
    # Checked against the schema on the way out (account_document), then streamed.
    client = client_for(request, client_id, own=True)
    return streamed(account_lines(client.user, indent=None), "application/json")


@router.get(
    "/clients/{client_id}/export/{table}.csv",
    response=ERRORS,
    openapi_extra=_raw("text/csv", {"type": "string"}),
)
def export_csv(request: HttpRequest, client_id: Path[Id], table: Path[Table]):
    """A table for spreadsheets: `sessions` has one row per thing done."""
    body = spreadsheets.table_lines(table, client_for(request, client_id))
    return streamed(body, "text/csv; charset=utf-8")


@router.get(
    "/clients/{client_id}/export/fhir",
    response=ERRORS,
    openapi_extra=_raw("application/fhir+json", {"type": "object"}),
)
def export_fhir(request: HttpRequest, client_id: Path[Id]):
    """Her record as a FHIR R4 Bundle (Patient, Procedures, Observations, ...)."""
    from safetouch.portability import fhir  # fhirclient loads on the first export

    body = fhir.bundle_lines(client_for(request, client_id))
    return streamed(body, "application/fhir+json")


@router.get(
    "/clients/{client_id}/plan",
    response=ERRORS,
    tags=["plan"],
    openapi_extra={"responses": plan_response_doc()},
)
def client_plan(
    request: HttpRequest,
    client_id: Path[Id],
    minutes: int | None = Query(
        None,
        ge=10,
        le=180,
        description="Hands-on minutes; her usual session length when left out.",
    ),
):
    """Her next-session plan, as the plan page and the sheet show it: the plan a
    therapist adjusted and saved (with `adjusted: {by, on}`) while it keeps her limits,
    otherwise the engine's proposal from her stored limits and history."""
    client = client_for(request, client_id)
    try:
        return plan_json(next_plan_response(client, minutes))
    except EngineError as exc:
        return Status(422, engine_error_body(str(exc)))
