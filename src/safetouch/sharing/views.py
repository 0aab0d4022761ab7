"""Pages for sharing: the client's sharing page, the therapist's list of clients."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from safetouch.audit.selectors import last_access_by
from safetouch.clients.selectors import client_for, own_profile
from safetouch.records.models import ACCESS_ALLOWS, CareGrant
from safetouch.sharing import selectors, services
from safetouch.sharing.forms import CodeForm, InviteForm


def _sharing_context(request: HttpRequest, form: InviteForm | None = None, **extra) -> dict:
    profile = own_profile(request.user)
    context = {"profile": profile, "form": form or InviteForm(), **extra}
    if profile:
        client = client_for(request, profile.pk)
        grants = selectors.grants_of(client)
        last = last_access_by(client)
        for grant in grants["active"]:
            grant.last_access = last.get(grant.grantee_id)
        context.update(client=client, grants=grants)
    return context


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    """Who may see my records; invite by email or code."""
    if request.method != "POST" or own_profile(request.user) is None:
        return render(request, "sharing/sharing.html", _sharing_context(request))
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            return _invite(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
    context = _sharing_context(request, form)
    return render(request, "sharing/sharing.html", context, status=422)


def _invite(request: HttpRequest, form: InviteForm) -> HttpResponse:
    client = client_for(request, own_profile(request.user).pk)
    data = form.cleaned_data
    if data["how"] == "code":
        grant, code = services.invite_by_code(client=client, access=data["access"])
        # Shown once, in this response only: never in a URL, a message cookie or a log.
        context = _sharing_context(request, code=code, code_grant=grant)
        return render(request, "sharing/sharing.html", context)
    services.invite_by_email(
        client=client,
        email=data["email"],
        access=data["access"],
        accept_url=request.build_absolute_uri(reverse("client_list")),
    )
    messages.success(request, f"Invitation sent to {data['email']}.")
    return redirect("sharing")


@login_required
@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(CareGrant.with_invitations, pk=grant_id, client__user=request.user)
    services.grant_revoke(grant=grant)
    who = grant.grantee or grant.invite_email or "the code"
    messages.success(request, f"Access for {who} ended.")
    return redirect("sharing")


@login_required
@require_safe
def client_list(request: HttpRequest) -> HttpResponse:
    """A therapist's clients, the invitations waiting for her, and a code box."""
    return _client_list_page(request)


def _client_list_page(request: HttpRequest, form: CodeForm | None = None) -> HttpResponse:
    context = {
        "grants": selectors.grants_received(request.user),
        "invitations": selectors.invitations_for(request.user),
        "code_form": form or CodeForm(),
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "sharing/client_list.html", context, status=status)


@login_required
@require_POST
def code_accept(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            grant = services.code_accept(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _accepted(request, grant)
    return _client_list_page(request, form)


def _accepted(request: HttpRequest, grant: CareGrant) -> HttpResponse:
    allows = ACCESS_ALLOWS[grant.access]
    messages.success(
        request,
        f"You now have access to {grant.client.first_name}'s records "
        f"({grant.get_access_display().lower()}). {allows}",
    )
    return redirect("client_list")
