"""The Account page's personal access tokens: make one, see them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safetouch.api import tokens as token_services
from safetouch.api.forms import TokenForm


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _, secret = token_services.token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": token_services.tokens_of(request.user),
    }
    return render(request, "api/tokens.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if token_services.token_revoke(user=request.user, token_id=token_id):
        messages.success(request, "Token revoked. Anything using it is locked out now.")
    return redirect("tokens")
