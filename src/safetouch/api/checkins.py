"""Check-ins between sessions over the API: list them, add one."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from safetouch.api.schemas import CheckInIn, CheckInOut
from safetouch.checkins.services import checkin_save
from safetouch.core.errors import ErrorOut
from safetouch.core.schemas import Id
from safetouch.records.access import client_for
from safetouch.records.load import load_record
from safetouch.records.shapes import checkin_out

router = Router(tags=["check-ins"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _out(client, checkin_id: int) -> CheckInOut:
    """A check-in as stored (UTC, rounded), read from her record."""
    checkin = next(c for c in load_record(client).checkins if c.pk == checkin_id)
    return CheckInOut(**checkin_out(checkin))


@router.get("/clients/{client_id}/checkins", response={200: list[CheckInOut], **ERRORS})
def checkins_list(
    request: HttpRequest,
    client_id: Path[Id],
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Her check-ins between sessions, newest first."""
    client = client_for(request, client_id)
    page = load_record(client).checkins_newest_first[offset : offset + limit]
    return [CheckInOut(**checkin_out(c)) for c in page]


@router.post("/clients/{client_id}/checkins", response={201: CheckInOut, **ERRORS})
def checkin_create(request: HttpRequest, client_id: Path[Id], payload: CheckInIn):
    """Check in: tightness per region, training since the last one, the weather."""
    client = client_for(request, client_id, write=True)
    checkin = checkin_save(client=client, **payload.model_dump())
    return Status(201, _out(client, checkin.pk))
