"""Her dashboard, and the pages of her standing limits: the body-map editor and her
preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from safetouch.accounts.firstrun import checklist
from safetouch.clients import services
from safetouch.clients.bodymap import bodymap_context
from safetouch.clients.forms import BannedForm, PositioningForm, ZoneForm
from safetouch.clients.selectors import limit_changes_by_others, zone_map
from safetouch.engine.catalog import REGIONS
from safetouch.records.access import Access, access_for, others_visible_to, own_profile
from safetouch.records.load import load_record
from safetouch.records.models import LimitChange, ZoneRule


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Her records at a glance, and the records others shared with her."""
    profile = own_profile(request.user)
    # Her own records are shown here too, so this page is audited like the others.
    access = access_for(request, profile.pk) if profile else None
    record = load_record(access.client) if access else None
    shared = others_visible_to(request.user)
    context = {"profile": profile, "shared": shared, "first_run": checklist(request.user, record)}
    if access:
        sessions = record.sessions[::-1][:5]  # newest first
        context.update(
            access=access,
            record=record,
            sessions=sessions,
            awaiting_outcome=[s for s in sessions if s.outcome is None],
            client=access.client,
            limit_changes=limit_changes_by_others(access.client),
            **bodymap_context(zone_map(record)),
        )
    return render(request, "clients/dashboard.html", context)


def _editor_context(
    access: Access,
    changed: str | None = None,
    *,
    chosen: str | None = None,
    form: ZoneForm | None = None,
    undo: LimitChange | None = None,
    refusal: str = "",
) -> dict:
    client = access.client
    zones = zone_map(load_record(client))
    by_rule = {rule: [] for rule in ZoneRule.Rule.values}
    for zone in sorted(zones.values(), key=lambda z: REGIONS[z.region].name):
        by_rule[zone.rule].append(zone)
    # Without JavaScript a region is a link to ?region=...: the chooser opens beside the map.
    chosen = chosen if chosen in REGIONS else None
    return {
        "client": client,
        "editable": access.may_write,
        "may_loosen": access.may_edit_limits,
        "changed": zones.get(changed) if changed else None,
        "changed_region": REGIONS[changed] if changed else None,
        "chosen_region": REGIONS[chosen] if chosen else None,
        "chosen": zones.get(chosen) if chosen else None,
        "undo": undo,
        "refusal": refusal,
        "avoid": by_rule["avoid"],
        "caution": by_rule["caution"],
        "focus": by_rule["focus"],
        "zone_form": form or ZoneForm(),
        "pressures": range(1, 6),
        **bodymap_context(zones),
    }


@login_required
@require_safe
def bodymap(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    chosen = request.GET.get("region")
    return render(request, "clients/bodymap.html", _editor_context(access, chosen=chosen))


@login_required
@require_POST
def zone_set(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    form = ZoneForm(request.POST)
    was_avoided = form.is_valid() and _avoided(client, form.cleaned_data["region"])
    if was_avoided and _unconfirmed_removal(form):
        name = REGIONS[form.cleaned_data["region"]].name
        form.add_error("confirm", f"{name} is marked never touch: confirm to remove it.")
    if not form.is_valid():
        return _editor_refusal(request, access, form, status=422)
    region = form.cleaned_data["region"]
    try:
        zone = services.zone_set(
            client=client,
            region=region,
            rule=form.cleaned_data["rule"] or None,
            pressure_cap=form.cleaned_data["pressure_cap"],
            actor=request.user,
        )
    except services.LimitLocked as exc:
        form.add_error("rule", exc.message)
        return _editor_refusal(request, access, form, status=403)
    removed = was_avoided and (zone is None or zone.rule != ZoneRule.Rule.AVOID)
    # Taking a region out of never touch is offered an undo (for ten seconds, on the map).
    undo = client.limit_changes.filter(kind="zone", subject=region).first() if removed else None
    return _editor_response(request, access, region, undo=undo)


def _avoided(client, region: str) -> bool:
    return client.zones.avoided().filter(region=region).exists()


def _unconfirmed_removal(form: ZoneForm) -> bool:
    data = form.cleaned_data
    return not data["confirm"] and data["rule"] != ZoneRule.Rule.AVOID


def _editor_refusal(request: HttpRequest, access: Access, form: ZoneForm, *, status: int):
    region = form.data.get("region")
    region = region if region in REGIONS else None
    context = _editor_context(access, region, chosen=region, form=form)
    template = "clients/_editor.html" if request.htmx else "clients/bodymap.html"
    return render(request, template, context, status=status)


def _editor_response(request: HttpRequest, access: Access, region: str, undo=None) -> HttpResponse:
    if request.htmx:
        context = _editor_context(access, region, undo=undo)
        return render(request, "clients/_editor.html", context)
    if undo:
        messages.success(request, f"{REGIONS[region].name} is no longer marked never touch.")
    else:
        messages.success(request, f"{REGIONS[region].name} saved.")
    return redirect("bodymap", client_id=access.client.pk)


@login_required
@require_POST
def limit_undo(request: HttpRequest, client_id: int, change_id: int) -> HttpResponse:
    """Put one limit back as it was before a change: one click, from the dashboard or
    the map. Undoing a loosening tightens, so every writer may; the reverse needs the
    right to loosen, as any change does."""
    access = access_for(request, client_id, write=True)
    client = access.client
    change = get_object_or_404(client.limit_changes, pk=change_id)
    try:
        services.limit_change_undo(change=change, actor=request.user)
    except (services.LimitLocked, ValidationError) as exc:
        status = 403 if isinstance(exc, services.LimitLocked) else 409
        context = _editor_context(access, refusal=exc.message)
        template = "clients/_editor.html" if request.htmx else "clients/bodymap.html"
        return render(request, template, context, status=status)
    if request.htmx:
        return render(request, "clients/_editor.html", _editor_context(access))
    messages.success(request, f"Undone: {change.actor_name} {change.describe()}.")
    return redirect(_next_or(request, reverse("bodymap", args=[client.pk])))


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and safe else default


@login_required
def preferences(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    client = access.client
    form = PositioningForm(instance=client)
    if request.method == "POST":
        access = access_for(request, client_id, write=True)
        client = access.client
        form = PositioningForm(request.POST, instance=client)
        if form.is_valid() and _profile_saved(request, client, form):
            messages.success(request, "Preferences saved.")
            return redirect("preferences", client_id=client.pk)
    context = _preferences_context(access, form=form)
    status = 403 if getattr(form, "locked", False) else 422 if form.errors else 200
    return render(request, "clients/preferences.html", context, status=status)


def _preferences_context(access: Access, *, form=None, banned_form=None) -> dict:
    client = access.client
    return {
        "client": client,
        "access": access,
        "editable": access.may_write,
        "form": form or PositioningForm(instance=client),
        "banned_form": banned_form or BannedForm(),
        "banned": client.banned.all(),
    }


def _profile_saved(request: HttpRequest, client, form: PositioningForm) -> bool:
    """Save through the service, so a looser flare limit is judged and recorded."""
    # Validating the form set its fields on `client`; the service compares against what
    # is stored.
    client.refresh_from_db()
    try:
        services.profile_update(client=client, changes=form.changes(), actor=request.user)
    except services.LimitLocked as exc:
        form.add_error(_FORM_FIELD.get(exc.field, exc.field), exc.message)
        form.locked = True
        return False
    return True


_FORM_FIELD = {"risk_tolerance": "risk_tolerance_percent"}


@login_required
@require_POST
def banned_add(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    form = BannedForm(request.POST)
    if not form.is_valid():
        context = _preferences_context(access, banned_form=form)
        return render(request, "clients/preferences.html", context, status=422)
    services.banned_add(client=client, **form.cleaned_data, actor=request.user)
    messages.success(request, "Technique banned.")
    return redirect("preferences", client_id=client.pk)


@login_required
@require_POST
def banned_remove(request: HttpRequest, client_id: int, banned_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    banned = get_object_or_404(client.banned, pk=banned_id)
    try:
        services.banned_remove(banned=banned, actor=request.user)
    except services.LimitLocked as exc:
        # Refused, not redirected: the page says why, with the status that says so.
        messages.error(request, exc.message)
        context = _preferences_context(access)
        return render(request, "clients/preferences.html", context, status=403)
    messages.success(request, "Ban lifted.")
    return redirect("preferences", client_id=client.pk)
