"""Writes to the audit trail."""

from __future__ import annotations

from django.http import HttpRequest

from safetouch.audit.models import AccessEvent


def access_record(*, request: HttpRequest, client, write: bool) -> AccessEvent | None:
    """Record that this request read (or changed) the client's records; once per request.

    A GET of a form that needs write access only shows the records, so it is a read.
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
        action=(match.view_name if match else "")[:100] or "unknown",
        method=request.method or "",
        access=access,
        ip=client_ip(request),
    )


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy
    # rewrites it, and a forged address in the trail would be worse than none.
    return request.META.get("REMOTE_ADDR") or None
