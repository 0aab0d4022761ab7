"""The 'Your data' page and its downloads; the same functions serve the API and the CLI."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safetouch.clients.selectors import client_for
from safetouch.portability import fhir, spreadsheets
from safetouch.portability.selectors import account_document


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # health data: no copies in shared caches
    return response


def _stem(client) -> str:
    return f"safetouch-{client.pk}-{timezone.localdate():%Y-%m-%d}"


@login_required
def export_page(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    tables = [(name, spreadsheets.TITLES.get(name, name)) for name in spreadsheets.TABLES]
    context = {"client": client, "tables": tables}
    return render(request, "portability/export.html", context)


@login_required
def account_json(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    body = json.dumps(account_document(client.user), indent=2, ensure_ascii=False)
    return _download(body, "application/json", f"{_stem(client)}-account.json")


@login_required
def table_csv(request: HttpRequest, client_id: int, table: str) -> HttpResponse:
    client = client_for(request, client_id)
    if table not in spreadsheets.TABLES:
        raise Http404("No such table")
    body = spreadsheets.table_csv(table, client)
    return _download(body, "text/csv; charset=utf-8", f"{_stem(client)}-{table}.csv")


@login_required
def fhir_json(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    body = json.dumps(fhir.bundle_json(client), indent=2, ensure_ascii=False)
    return _download(body, "application/fhir+json", f"{_stem(client)}-fhir.json")
