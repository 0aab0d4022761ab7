"""Who is calling: a personal access token (scripts, apps) or the browser's session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from safetouch.api.tokens import token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer st_...`."""

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(token)
        if user is not None:
            # client_for(request, ...) asks request.user: make it the token's owner, so
            # the API runs the very same permission check as the pages.
            request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth()]
