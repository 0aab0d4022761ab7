"""The REST API's operations: one per endpoint, explicit input schema, typed output.

Each follows the pages' four steps: client_for (the one permission check), the schema
validates, a service or selector does the work, the answer is shaped.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

from safetouch.api import selectors
from safetouch.api.schemas import (
    Access,
    ClientSummary,
    FlaggedOut,
    FlagIn,
    ItemLogIn,
    ItemOut,
    LighterOkIn,
    OutcomeIn,
    ProfileOut,
    ProfilePatch,
    SessionIn,
    SessionOut,
    ZoneIn,
    ZoneOut,
)
from safetouch.clients import services as client_services
from safetouch.core.errors import ErrorOut, FieldError, error_body
from safetouch.core.schemas import Id, RegionId, TechniqueId
from safetouch.records.access import client_for, own_client_for
from safetouch.records.models import MassageSession, SessionItem
from safetouch.records.sessions import sessions_of
from safetouch.records.shapes import item_out
from safetouch.treatments import services as treatment_services
from safetouch.treatments import services as treatments
from safetouch.treatments.limits import flagged_pairs
from safetouch.treatments.services import BreaksLimits

router = Router(tags=["records"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _session(request: HttpRequest, client_id: int, session_id: int, *, write: bool = False):
    client = client_for(request, client_id, write=write)
    try:
        return sessions_of(client).get(pk=session_id)
    except MassageSession.DoesNotExist:
        raise Http404("No such session") from None


@router.get("/clients", response={200: list[ClientSummary], 401: ErrorOut, 422: ErrorOut})
def clients_list(request: HttpRequest, access: Query[Access | None] = None):
    """Every client whose records you may read: your own, and those shared with you
    (`access` keeps only those you own, may edit the limits of, may log sessions for,
    or may only read)."""
    return [c for c in selectors.client_summaries(request.user) if access in (None, c.access)]


@router.get("/clients/{client_id}", response={200: ProfileOut, **READ})
def profile_get(request: HttpRequest, client_id: Path[Id]):
    """Her profile: positioning, risk tolerance, body-map zones, banned techniques."""
    return selectors.profile_out(client_for(request, client_id))


@router.patch("/clients/{client_id}", response={200: ProfileOut, **WRITE})
def profile_patch(request: HttpRequest, client_id: Path[Id], payload: ProfilePatch):
    """Change some of her profile's fields; the fields you leave out stay as they are.

    Raising `risk_tolerance` or `prone_max_minutes` loosens a limit: 403 unless you are
    the client or she gave you "edit limits"."""
    client = client_for(request, client_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    client = client_services.profile_update(client=client, changes=changes, actor=request.user)
    return selectors.profile_out(client)


@router.get("/clients/{client_id}/zones", response={200: list[ZoneOut], **READ})
def zones_list(request: HttpRequest, client_id: Path[Id]):
    """Her body map: each marked region's rule."""
    return list(client_for(request, client_id).zones.all())


@router.put("/clients/{client_id}/zones/{region}", response={200: ZoneOut, **WRITE})
def zone_put(request: HttpRequest, client_id: Path[Id], region: Path[RegionId], payload: ZoneIn):
    """Set one region's rule: focus, caution (with a pressure cap) or avoid (never touch).

    Making it stricter is open to every writer; loosening it (out of never touch, a
    higher or no cap) answers 403 unless you are the client or may edit her limits."""
    client = client_for(request, client_id, write=True)
    return client_services.zone_set(
        client=client,
        region=region,
        rule=payload.rule,
        pressure_cap=payload.pressure_cap,
        actor=request.user,
    )


@router.delete("/clients/{client_id}/zones/{region}", response={204: None, **WRITE})
def zone_delete(request: HttpRequest, client_id: Path[Id], region: Path[RegionId]):
    """Clear one region's rule (deleting an unmarked region is not an error); clearing a
    never-touch or caution zone answers 403 unless you may loosen her limits."""
    client = client_for(request, client_id, write=True)
    client_services.zone_set(client=client, region=region, rule=None, actor=request.user)
    return Status(204, None)


@router.get("/clients/{client_id}/sessions", response={200: list[SessionOut], **READ})
def sessions_list(
    request: HttpRequest,
    client_id: Path[Id],
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Her sessions, newest first, with items, flags and the next-day outcome; `limit`
    and `offset` page through a long history."""
    client = client_for(request, client_id)
    return selectors.sessions_out(client, offset=offset, limit=limit)


@router.post("/clients/{client_id}/sessions", response={201: SessionOut, 409: ErrorOut, **WRITE})
def session_create(request: HttpRequest, client_id: Path[Id], payload: SessionIn):
    """Log a session, with what was done in it if you know it already. Items that break
    her limits are refused (409, each named with its rule) unless `confirm_breaks`."""
    client = client_for(request, client_id, write=True)
    try:
        session = treatments.session_create(
            client=client,
            date=payload.date,
            minutes=payload.minutes,
            position=payload.position or client.position,
            new_therapist=payload.therapist or "",
            # No name given: whoever's account logs it did it (None for the client herself).
            therapist=None
            if payload.therapist
            else client_services.therapist_for_account(client=client, user=request.user),
            notes=payload.notes,
            items=[item.model_dump() for item in payload.items],
            confirm_breaks=payload.confirm_breaks,
        )
    except BreaksLimits as exc:
        return Status(409, _breaks_body(exc, "items"))
    return Status(201, selectors.session_out(client, session.pk))


@router.get("/clients/{client_id}/sessions/{session_id}", response={200: SessionOut, **READ})
def session_get(request: HttpRequest, client_id: Path[Id], session_id: Path[Id]):
    """One session."""
    return selectors.session_out(client_for(request, client_id), session_id)


@router.post(
    "/clients/{client_id}/sessions/{session_id}/items",
    response={201: ItemOut, 409: ErrorOut, **WRITE},
)
def item_create(
    request: HttpRequest, client_id: Path[Id], session_id: Path[Id], payload: ItemLogIn
):
    """Add what was done: a region, a technique, a pressure 1-5 and minutes. An item that
    breaks her limits is refused (409, naming the rule) unless `confirm_breaks`."""
    session = _session(request, client_id, session_id, write=True)
    try:
        item = treatment_services.item_add(session=session, **payload.model_dump())
    except BreaksLimits as exc:
        return Status(409, _breaks_body(exc, "item"))
    return Status(201, _item_out(item))


@router.put(
    "/clients/{client_id}/sessions/{session_id}/items/{item_id}/flag",
    response={200: ItemOut, **WRITE},
)
def item_flag(
    request: HttpRequest,
    client_id: Path[Id],
    session_id: Path[Id],
    item_id: Path[Id],
    payload: FlagIn,
):
    """Mark an item as too much (or take the mark back): it is never planned again as is."""
    session = _session(request, client_id, session_id, write=True)
    item = get_object_or_404(SessionItem, session=session, pk=item_id)
    return _item_out(treatment_services.item_flag(item=item, too_much=payload.too_much))


@router.delete(
    "/clients/{client_id}/sessions/{session_id}/items/{item_id}",
    response={204: None, **WRITE},
)
def item_delete(
    request: HttpRequest, client_id: Path[Id], session_id: Path[Id], item_id: Path[Id]
):
    """Remove an item logged by mistake."""
    session = _session(request, client_id, session_id, write=True)
    treatment_services.item_delete(
        item=get_object_or_404(SessionItem, session=session, pk=item_id)
    )
    return Status(204, None)


@router.put(
    "/clients/{client_id}/sessions/{session_id}/outcome", response={200: SessionOut, **WRITE}
)
def outcome_put(
    request: HttpRequest, client_id: Path[Id], session_id: Path[Id], payload: OutcomeIn
):
    """Record (or correct) how the joints were the next day, and tightness per region."""
    session = _session(request, client_id, session_id, write=True)
    treatment_services.outcome_record(
        session=session,
        flare=payload.flare,
        hours_after=payload.hours_after,
        notes=payload.notes,
        tightness={r: (t.before, t.after) for r, t in payload.tightness.items()},
    )
    return selectors.session_out(session.client, session.pk)


@router.get("/clients/{client_id}/too-much", response={200: list[FlaggedOut], **READ})
def too_much_list(request: HttpRequest, client_id: Path[Id]):
    """Every (region, technique) she flagged too much: never planned again, unless she
    said lighter is OK."""
    return flagged_pairs(client_for(request, client_id))


@router.put(
    "/clients/{client_id}/too-much/{region}/{technique}",
    response={200: FlaggedOut, **WRITE},
)
def too_much_lighter(
    request: HttpRequest,
    client_id: Path[Id],
    region: Path[RegionId],
    technique: Path[TechniqueId],
    payload: LighterOkIn,
):
    """She says a flagged pair may be tried again, lighter (or never again). Only the
    client herself may: anyone else gets 403."""
    client = own_client_for(request, client_id)
    _flagged(client, region, technique)  # 404 when she never flagged it
    treatment_services.lighter_ok_set(
        client=client, region=region, technique=technique, ok=payload.lighter_ok
    )
    return _flagged(client, region, technique)


def _flagged(client, region: str, technique: str) -> dict:
    for pair in flagged_pairs(client):
        if (pair["region"], pair["technique"]) == (region, technique):
            return pair
    raise Http404("She has not flagged this pair")


def _item_out(item: SessionItem) -> ItemOut:
    return ItemOut(**item_out(item))


def _breaks_body(exc: BreaksLimits, prefix: str) -> dict:
    """Each refusal under its item's path; the single-item endpoint names the body."""
    paths = exc.paths(prefix) if prefix == "items" else [("body", w) for _, w in exc.paths()]
    errors = [
        FieldError(field=f, message=f"{w} (send confirm_breaks to log it anyway)")
        for f, w in paths
    ]
    return error_body(errors)
