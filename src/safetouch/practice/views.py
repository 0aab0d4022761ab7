"""The therapist's pages: the practice workspace and each client's pre-session brief."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safetouch.handoff.selectors import too_much_before
from safetouch.practice import selectors, services
from safetouch.records.access import access_for, access_record_many
from safetouch.records.load import load_record
from safetouch.sharing.forms import CodeForm
from safetouch.sharing.selectors import invitations_for

SEARCH_MAX = 60


@login_required
@require_safe
def workspace(request: HttpRequest) -> HttpResponse:
    """Every client who shared her records with the therapist, with what to know first."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    rows = selectors.workspace(request.user, today=timezone.localdate(), query=query)
    if rows:
        access_record_many(request=request, clients=selectors.listed(request.user, query=query))
    context = {
        "rows": rows,
        "query": query,
        "today": timezone.localdate(),
        "invitations": invitations_for(request.user),
        "code_form": CodeForm(),
    }
    # A search as she types swaps the list; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "practice/_rows.html" if partial else "practice/workspace.html"
    return render(request, template, context)


@login_required
@require_safe
def brief(request: HttpRequest, client_id: int) -> HttpResponse:
    """What happened since the therapist last saw her, then links to the plan and sheet."""
    access = access_for(request, client_id)
    client = access.client
    record = load_record(client)
    context = {
        "client": client,
        "brief": selectors.brief(request.user, client, record=record),
        "limits": selectors.limits_of(record),
        "too_much": too_much_before(client, record=record),
        "editable": access.may_write,
    }
    response = render(request, "practice/brief.html", context)
    services.client_seen(therapist=request.user, client=client, at=timezone.now())
    return response
