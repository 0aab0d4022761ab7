""" "Who looked at my records": the client's view of her audit trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safetouch.audit.selectors import events_for, lookers
from safetouch.records.access import client_for, own_profile


@login_required
@require_safe
def access_log(request: HttpRequest) -> HttpResponse:
    profile = own_profile(request.user)
    context: dict = {"profile": profile}
    if profile:
        client = client_for(request, profile.pk)
        everyone = request.GET.get("show") == "all"
        context.update(
            client=client,
            everyone=everyone,
            lookers=lookers(client),
            events=events_for(client, others_only=not everyone),
        )
    return render(request, "audit/access_log.html", context)
