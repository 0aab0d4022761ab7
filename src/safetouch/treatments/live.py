"""In-session mode: the plan as a checklist at the table, each tap recorded as it happens,
exactly once, and the login kept alive while it is open (within a ceiling)."""

from __future__ import annotations

import json
import time

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from safetouch.accounts.middleware import touch
from safetouch.engine.catalog import PRESSURE_LABELS, REGIONS, TECHNIQUES
from safetouch.records.engine_request import item_dict
from safetouch.records.load import load_record
from safetouch.records.models import TECHNIQUE_CHOICES, MassageSession, SessionTap
from safetouch.records.types import Record
from safetouch.treatments import services
from safetouch.treatments.access import session_access
from safetouch.treatments.forms import ItemForm, TapForm
from safetouch.treatments.versions import flagged_pairs, log_refusals

# The heartbeat keeps a login alive for a session at the table, but not for ever: an
# open tablet forgotten in a drawer logs out this long after in-session mode opened.
LIVE_CEILING_SECONDS = 4 * 60 * 60
HEARTBEAT_SECONDS = 5 * 60
LIVE_CEILING_STEP_SECONDS = 60


def limits_strip(record: Record) -> dict:
    """What stays pinned on screen: never touch, caps, bans, everything too much."""
    zones = sorted(record.zones, key=lambda z: REGIONS[z.region].name)
    return {
        "avoid": [REGIONS[z.region].name for z in zones if z.rule == "avoid"],
        "caps": [(REGIONS[z.region].name, z.pressure_cap) for z in zones if z.pressure_cap],
        "bans": [
            TECHNIQUES[b.technique].name
            + (f" on the {REGIONS[b.region].name.lower()}" if b.region else " anywhere")
            for b in record.banned
        ],
        "too_much": flagged_pairs(record),
    }


def _row(index: int, item: dict, refusals: list[dict], taps: list[SessionTap]) -> dict:
    last = taps[-1] if taps else None
    recorded = next((t for t in reversed(taps) if t.item_id), None)
    flagged = any(t.action in ("too_much", "flag") for t in taps)
    return {
        "index": index,
        **item,
        "region_name": REGIONS[item["region"]].name,
        "technique_name": TECHNIQUES[item["technique"]].name,
        "pressure_label": PRESSURE_LABELS[item["pressure"]],
        "warnings": [r["reason"] for r in refusals],
        "state": ("too_much" if flagged else last.action) if last else "",
        "recorded_key": str(recorded.key) if recorded else "",
    }


def checklist(session: MassageSession, record: Record) -> tuple[list, list]:
    """The planned rows with what was tapped on each, and the items added at the table;
    `record`: hers, loaded."""
    taps = list(session.taps.select_related("item"))
    refusals = log_refusals(record, session.planned, session=session)
    rows = [
        _row(i, item, refusals[i], [t for t in taps if t.row == i])
        for i, item in enumerate(session.planned)
    ]
    added = [
        {
            **item_dict(t.item),
            "index": None,
            "state": "too_much" if t.item.too_much else t.action,
            "recorded_key": str(t.key),
            "region_name": t.item.get_region_display(),
            "technique_name": t.item.get_technique_display(),
        }
        for t in taps
        if t.row is None and t.item_id and t.action != "flag"
    ]
    return rows, added


def _regions_to_add(record: Record) -> list[tuple[str, str]]:
    """Regions an unplanned item may be on, her focus zones first; never-touch ones left
    out (engine.check would refuse them anyway)."""
    zones = {z.region: z.rule for z in record.zones}
    names = [(r.id, r.name) for r in REGIONS.values() if zones.get(r.id) != "avoid"]
    return sorted(names, key=lambda pair: (zones.get(pair[0]) != "focus", pair[1]))


@login_required
@require_safe
def live(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    access, session = session_access(request, client_id, session_id, write=True)
    client = access.client
    until = int(time.time()) + LIVE_CEILING_SECONDS
    # Stored again once it moved by a minute: a view within it writes no session.
    if until - request.session.get("live_until", 0) >= LIVE_CEILING_STEP_SECONDS:
        request.session["live_until"] = until
    # Her record, read once: what the checks and the strip are judged on, and their key.
    record = load_record(client)
    rows, added = checklist(session, record)
    context = {
        "client": client,
        "session": session,
        "rows": rows,
        "added": added,
        "strip": limits_strip(record),
        "regions_to_add": _regions_to_add(record),
        "techniques": TECHNIQUE_CHOICES,
        "heartbeat_seconds": HEARTBEAT_SECONDS,
    }
    return render(request, "treatments/live.html", context)


def _json_error(field: str, message: str, status: int = 400) -> JsonResponse:
    errors = [{"field": field, "message": message}]
    return JsonResponse({"detail": f"{field}: {message}", "errors": errors}, status=status)


@login_required
@require_POST
def tap(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    """Apply one tap (JSON) once: 200 with the tap, 409 with her limits it would break
    (nothing stored until it comes back with confirm_breaks), 400 naming the field."""
    _, session = session_access(request, client_id, session_id, write=True)
    try:
        data = json.loads(request.body or b"")
    except ValueError:
        return _json_error("body", "not valid JSON")
    form = TapForm(data if isinstance(data, dict) else {})
    if not form.is_valid():
        errors = form.error_list()
        return JsonResponse({"detail": errors[0]["message"], "errors": errors}, status=400)
    try:
        applied, new = services.tap_apply(session=session, **form.tap())
    except services.BreaksLimits as exc:
        words = [w for _, w in exc.paths()]
        return JsonResponse({"detail": words[0], "breaks": words}, status=409)
    except services.TapError as exc:
        return _json_error(exc.field, str(exc).partition(": ")[2])
    body = {"key": str(applied.key), "applied": new, "item": applied.item_id}
    return JsonResponse(body)


@login_required
@require_POST
def check(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    """What engine.check says of an item before it is tapped (JSON in, {"breaks"} out):
    the warning follows each nudge of pressure or minutes. Stores nothing."""
    access, session = session_access(request, client_id, session_id)
    client = access.client
    try:
        data = json.loads(request.body or b"")
    except ValueError:
        return _json_error("body", "not valid JSON")
    form = ItemForm(data if isinstance(data, dict) else {})
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        return _json_error(field, str(messages[0]))
    (refusals,) = log_refusals(load_record(client), [form.item()], session=session)
    return JsonResponse({"breaks": [r["reason"] for r in refusals]})


@login_required
@require_POST
def heartbeat(request: HttpRequest) -> HttpResponse:
    """Keeps the login of an open in-session mode alive, until its ceiling: then the
    ordinary idle logout applies again."""
    if int(time.time()) > request.session.get("live_until", 0):
        return JsonResponse({"alive": False, "detail": "in-session mode has been open too long"})
    touch(request.session)
    return HttpResponse(status=204)


heartbeat.touches_session_itself = True
