"""Create, find and revoke personal access tokens."""

from __future__ import annotations

import secrets

from django.utils import timezone

from safetouch.api.models import ApiToken, token_digest

TOKEN_PREFIX = "st_"


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret; the caller shows the secret once and forgets it."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=secret[:10], digest=token_digest(secret))
    token.full_clean()
    token.save()
    return token, secret


def token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if she has no such active token."""
    updated = ApiToken.objects.active().filter(user=user, pk=token_id)
    return updated.update(revoked=timezone.now()) == 1


def token_user(secret: str):
    """The active user a secret belongs to, or None; records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(digest=token_digest(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
