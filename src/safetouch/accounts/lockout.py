"""How django-axes names the account behind a login attempt."""

from __future__ import annotations


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The email as typed in the login form, lower-cased: `Alice@x` and `alice@x` are one
    account, so changing the case must not reset the count of wrong passwords."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    return username.strip().lower() if username else None
