"""Pages of a client's standing limits: the body-map editor and her preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from safetouch.clients import services
from safetouch.clients.bodymap import BACK_X, SHAPES, silhouette
from safetouch.clients.forms import BannedForm, PositioningForm, ZoneForm
from safetouch.clients.models import ZoneRule
from safetouch.clients.selectors import can_write, client_for, zone_map
from safetouch.engine.catalog import REGIONS


def bodymap_context(client, zones: dict | None = None) -> dict:
    """What the body-map SVG partial needs: every shape with its zone, if any."""
    zones = zone_map(client) if zones is None else zones
    regions = [(shape, zones.get(shape.region)) for shape in SHAPES]
    views = [
        {
            "name": view,
            "x": BACK_X if view == "back" else 0,
            "body": silhouette(view),
            "regions": [(s, z) for s, z in regions if s.view == view],
        }
        for view in ("front", "back")
    ]
    return {"regions": regions, "views": views}


def _editor_context(request: HttpRequest, client, changed: str | None = None) -> dict:
    zones = zone_map(client)
    by_rule = {rule: [] for rule in ZoneRule.Rule.values}
    for zone in sorted(zones.values(), key=lambda z: REGIONS[z.region].name):
        by_rule[zone.rule].append(zone)
    return {
        "client": client,
        "editable": can_write(request.user, client),
        "changed": zones.get(changed) if changed else None,
        "changed_region": REGIONS[changed] if changed else None,
        "avoid": by_rule["avoid"],
        "caution": by_rule["caution"],
        "focus": by_rule["focus"],
        "zone_form": ZoneForm(),
        **bodymap_context(client, zones),
    }


@login_required
@require_safe
def bodymap(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    return render(request, "clients/bodymap.html", _editor_context(request, client))


def _region_or_404(region: str) -> str:
    if region not in REGIONS:
        raise Http404("No such region")
    return region


@login_required
@require_POST
def zone_cycle(request: HttpRequest, client_id: int, region: str) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    services.zone_cycle(client=client, region=_region_or_404(region))
    return _editor_response(request, client, region)


@login_required
@require_POST
def zone_set(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    form = ZoneForm(request.POST)
    if not form.is_valid():
        context = _editor_context(
            request,
            client,
            form.data.get("region") if form.data.get("region") in REGIONS else None,
        )
        context["zone_form"] = form
        template = "clients/_editor.html" if request.htmx else "clients/bodymap.html"
        return render(request, template, context, status=422)
    region = form.cleaned_data["region"]
    services.zone_set(
        client=client,
        region=region,
        rule=form.cleaned_data["rule"] or None,
        pressure_cap=form.cleaned_data["pressure_cap"],
    )
    return _editor_response(request, client, region)


def _editor_response(request: HttpRequest, client, region: str) -> HttpResponse:
    if request.htmx:
        context = _editor_context(request, client, region)
        return render(request, "clients/_editor.html", context)
    messages.success(request, f"{REGIONS[region].name} saved.")
    return redirect("bodymap", client_id=client.pk)


@login_required
def preferences(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    editable = can_write(request.user, client)
    form = PositioningForm(instance=client)
    if request.method == "POST":
        client = client_for(request, client_id, write=True)
        form = PositioningForm(request.POST, instance=client)
        if form.is_valid():
            form.save()
            messages.success(request, "Preferences saved.")
            return redirect("preferences", client_id=client.pk)
    context = {
        "client": client,
        "editable": editable,
        "form": form,
        "banned_form": BannedForm(),
        "banned": client.banned.all(),
    }
    return render(request, "clients/preferences.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def banned_add(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    form = BannedForm(request.POST)
    if not form.is_valid():
        context = {
            "client": client,
            "editable": True,
            "form": PositioningForm(instance=client),
            "banned_form": form,
            "banned": client.banned.all(),
        }
        return render(request, "clients/preferences.html", context, status=422)
    services.banned_add(client=client, **form.cleaned_data)
    messages.success(request, "Technique banned.")
    return redirect("preferences", client_id=client.pk)


@login_required
@require_POST
def banned_remove(request: HttpRequest, client_id: int, banned_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    deleted, _ = client.banned.filter(pk=banned_id).delete()
    if not deleted:
        raise Http404("No such ban")
    messages.success(request, "Ban lifted.")
    return redirect("preferences", client_id=client.pk)
