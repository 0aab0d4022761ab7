"""The next-session page: the engine's plan, adjusted and re-checked, then started."""

from __future__ import annotations

from dataclasses import replace
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from safetouch.clients.services import therapist_for_account
from safetouch.core.cache import remembered
from safetouch.engine.errors import EngineError
from safetouch.planning import services
from safetouch.planning.check import plan_check
from safetouch.planning.forms import MinutesForm, plan_formset
from safetouch.planning.saved import next_plan_cached, plan_reset, plan_save, usual_minutes
from safetouch.planning.selectors import (
    Plan,
    PlanItem,
    plan_map_context,
    proposed_plan,
)
from safetouch.records.access import Access, access_for, client_for, own_profile
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record


def _rows_html(formset, items: list[PlanItem]) -> str:
    """The management form, then each item beside its adjust form. Rendering the forms
    is most of the page's work, and unbound forms are a function of the items alone
    (and the prefix): drawn once per plan."""

    def draw() -> str:
        # After bad input there is no item yet for each form.
        rows = list(zip_longest(formset.forms, items))
        return render_to_string("planning/_plan_rows.html", {"formset": formset, "rows": rows})

    if formset.is_bound:
        return draw()
    return remembered("plan-rows:v2", (translation.get_language(), formset.prefix, items), draw)


def _context(access: Access, plan: Plan | None, record: Record | None = None, **extra) -> dict:
    client = access.client
    formset = extra.pop("formset", None) or (plan_formset(plan) if plan else None)
    items = plan.items if plan else []
    return {
        "client": client,
        "plan": plan,
        "formset": formset,
        # Asked here, not in the template: there `formset.non_form_errors` first tries
        # `formset["non_form_errors"]`, which builds every form of the formset.
        "formset_errors": formset.non_form_errors() if formset and formset.is_bound else [],
        "rows": bool(formset and (formset.forms if formset.is_bound else items)),
        "rows_html": _rows_html(formset, items) if formset else "",
        "minutes_form": extra.pop("minutes_form", None)
        or MinutesForm(initial={"minutes": plan.minutes if plan else usual_minutes(client)}),
        "editable": access.may_write,
        **plan_map_context(record or load_record(client), plan),
        **extra,
    }


@login_required
def plan(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    client = access.client
    form = MinutesForm(request.GET if "minutes" in request.GET else None)
    if form.is_bound and not form.is_valid():
        context = _context(access, None, minutes_form=form)
        return render(request, "planning/plan.html", context, status=422)
    minutes = form.cleaned_data["minutes"] if form.is_bound else None
    record = load_record(client)
    try:
        proposal = next_plan_cached(client, minutes, record=record)
    except EngineError as exc:
        context = _context(access, None, record, engine_error=str(exc))
        return render(request, "planning/plan.html", context, status=422)
    return render(request, "planning/plan.html", _context(access, proposal, record))


def _posted_plan(request: HttpRequest, client: ClientProfile):
    """The adjusted plan from the form, re-checked; or the bound forms when input is bad."""
    minutes_form = MinutesForm(request.POST)
    formset = plan_formset(None, request.POST)
    if not (minutes_form.is_valid() and formset.is_valid()):
        return None, {"minutes_form": minutes_form, "formset": formset}
    items = [
        PlanItem(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    minutes = minutes_form.cleaned_data["minutes"]
    return _with_exclusions(client, plan_check(client, items, minutes)), {}


def _with_exclusions(client: ClientProfile, checked: Plan) -> Plan:
    """Her adjusted plan keeps showing what the planner leaves out, and why."""
    try:
        return replace(checked, excluded=proposed_plan(client, checked.minutes).excluded)
    except EngineError:
        return checked


def _render_plan(request, access: Access, plan, extra, *, status=None) -> HttpResponse:
    context = _context(access, plan, **extra)
    if status is None:
        status = 422 if extra or (plan and plan.refusals) else 200
    template = "planning/_plan.html" if request.htmx else "planning/plan.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def check(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    client = access.client
    adjusted, extra = _posted_plan(request, client)
    return _render_plan(request, access, adjusted, extra)


@login_required
@require_POST
def start(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    adjusted, extra = _posted_plan(request, client)
    if adjusted is None or adjusted.refusals or not adjusted.items:
        return _render_plan(request, access, adjusted, extra, status=422)
    session = services.session_from_plan(
        client=client,
        plan=adjusted,
        date=timezone.localdate(),
        # A therapist starting it from her own account is the one doing the session.
        therapist=therapist_for_account(client=client, user=request.user),
    )
    return redirect("session_live", client_id=client.pk, session_id=session.pk)


@login_required
@require_POST
def pooling(request: HttpRequest) -> HttpResponse:
    """Her opt-in to pooling her history; only she can change it, on her own profile."""
    profile = own_profile(request.user)
    if profile is None:
        return redirect("sharing")  # a therapist has no history of her own to share
    client = client_for(request, profile.pk, write=True)
    pooled = request.POST.get("pooled") == "on"
    services.pooling_set(client=client, pooled=pooled)
    if pooled:
        messages.success(request, "Your history, without your name, now helps plans.")
    else:
        messages.success(request, "Your history is out of the next fit.")
    return redirect("sharing")


@login_required
@require_POST
def save(request: HttpRequest, client_id: int) -> HttpResponse:
    """Keep the adjusted plan as her next-session plan, everywhere, once re-checked."""
    access = access_for(request, client_id, write=True)
    client = access.client
    adjusted, extra = _posted_plan(request, client)
    if adjusted is None or adjusted.refusals or not adjusted.items:
        return _render_plan(request, access, adjusted, extra, status=422)
    plan_save(client=client, plan=adjusted, user=request.user)
    messages.success(request, "Saved: this is her next-session plan on the sheet and the link.")
    return redirect("plan", client_id=client.pk)


@login_required
@require_POST
def reset(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    plan_reset(client=client)
    messages.success(request, "Back to the planner's plan.")
    return redirect("plan", client_id=client.pk)
