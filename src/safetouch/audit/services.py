"""Writes to the audit trail."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from safetouch.records.models import AccessEvent


def access_record(
    *, request: HttpRequest, client, write: bool, via: str = ""
) -> AccessEvent | None:
    """Record that this request read (or changed) the client's records; once per request.

    A GET of a form that needs write access only shows the records, so it is a read.
    `client_for` calls this for every logged-in access; a page opened without an
    account (a share link) calls it itself and says how, e.g. via="share link for Tom".
    """
    changes = write and request.method not in ("GET", "HEAD", "OPTIONS")
    access = AccessEvent.Access.WRITE if changes else AccessEvent.Access.READ
    seen = request.__dict__.setdefault("_safetouch_audited", set())
    if (client.pk, access) in seen:
        return None
    seen.add((client.pk, access))
    user = request.user if request.user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    return AccessEvent.objects.create(
        actor=user,
        actor_role=getattr(user, "role", "") if user else "anonymous",
        client=client,
        via=via[:100],
        action=(match.view_name if match else "")[:100] or "unknown",
        method=request.method or "",
        access=access,
        ip=client_ip(request),
    )


def access_record_many(*, request: HttpRequest, clients: QuerySet) -> None:
    """Record a read of each client's records by one page that lists many (the practice
    workspace): one row per client, written by one INSERT ... SELECT over `clients`, so
    a list of 200 costs what a list of 5 does (a bulk insert is split into batches)."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    listed = clients.order_by().values(listed_id=F("pk"))
    ids_sql, ids_params = listed.query.sql_with_params()
    table = connection.ops.quote_name(AccessEvent._meta.db_table)
    columns = "created, actor_id, actor_role, client_id, via, action, method, access, ip"
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        user.pk,
        getattr(user, "role", ""),
        "",
        ((match.view_name if match else "")[:100] or "unknown"),
        request.method or "",
        AccessEvent.Access.READ.value,
        client_ip(request),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT %s, %s, %s, listed.listed_id, %s, %s, %s, %s, %s FROM ({ids_sql}) listed",
            [*values, *ids_params],
        )


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: REMOTE_ADDR, or behind PROXY_COUNT trusted proxies the
    address the nearest of them saw.

    X-Forwarded-For is written by the client too; only the entries our own proxies
    appended (the last PROXY_COUNT) can be trusted, and a forged address in the trail
    would be worse than none. django-axes uses the same function.
    """
    hops = settings.PROXY_COUNT
    if hops:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= hops:
            return _valid(forwarded[-hops])
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
