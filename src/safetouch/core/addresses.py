"""Where a request came from, as far as this server can trust it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


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
