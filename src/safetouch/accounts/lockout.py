"""How django-axes names the account behind a login attempt."""

from __future__ import annotations


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The email as typed, lower-cased: `Alice@x` and `alice@x` are one account, so
    changing the case must not reset the count of wrong passwords.

    django-axes hands over the credentials of `authenticate()` keyed by the login form's
    field (`username`) when a password fails, but keyed by the model's `USERNAME_FIELD`
    (`email`) when it asks whether the account is locked; both must name one account,
    or the account lock never applies and only the address lock does.
    """
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for key in ("username", "email"):
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()
    return None
