"""The 'Your data' page and its downloads; the same functions serve the API and the CLI.

Downloads are streamed: a long record is sent while it is read, never held whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from safetouch.portability import spreadsheets
from safetouch.portability.selectors import account_lines
from safetouch.portability.streams import streamed
from safetouch.records.access import access_for, client_for


def _download(pieces: Iterable[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = streamed(pieces, content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(client) -> str:
    return f"safetouch-{client.pk}-{timezone.localdate():%Y-%m-%d}"


@login_required
def export_page(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    tables = [(name, spreadsheets.TITLES.get(name, name)) for name in spreadsheets.TABLES]
    context = {"client": access.client, "tables": tables, "own": access.is_owner}
    return render(request, "portability/export.html", context)


@login_required
def account_json(request: HttpRequest, client_id: int) -> StreamingHttpResponse:
    # Her whole account names the people she shares with, and their history: hers alone.
    client = client_for(request, client_id, own=True)
    body = account_lines(client.user)
    return _download(body, "application/json", f"{_stem(client)}-account.json")


@login_required
def table_csv(request: HttpRequest, client_id: int, table: str) -> StreamingHttpResponse:
    client = client_for(request, client_id)
    if table not in spreadsheets.TABLES:
        raise Http404("No such table")
    body = spreadsheets.table_lines(table, client)
    return _download(body, "text/csv; charset=utf-8", f"{_stem(client)}-{table}.csv")


@login_required
def fhir_json(request: HttpRequest, client_id: int) -> StreamingHttpResponse:
    # fhirclient (and the requests library under it) loads on the first export, not
    # with the URLs: every process that starts Django would pay for it.
    from safetouch.portability import fhir

    client = client_for(request, client_id)
    body = fhir.bundle_lines(client)
    return _download(body, "application/fhir+json", f"{_stem(client)}-fhir.json")
