"""Who is calling: a personal access token (scripts, apps) or the browser's session."""

from __future__ import annotations

from django.conf import settings
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


class BrowserSession(SessionAuth):
    """The logged-in browser (the docs page's "Try it out"); CSRF-checked as usual.

    Without a session cookie there is nothing to check: the caller is anonymous and
    gets 401, not a CSRF 403 that would send her looking in the wrong place."""

    def __call__(self, request: HttpRequest):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


API_AUTH = [TokenAuth(), BrowserSession()]
