"""Sessions end after SESSION_COOKIE_AGE seconds idle, without a database write per request."""

from __future__ import annotations

import time

# Saving the session on every request would make every page view a write, which on
# SQLite queues all readers behind one writer. Refreshing the expiry at most once a
# minute keeps the idle limit to within a minute of SESSION_COOKIE_AGE.
TOUCH_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - session.get("_touched", 0) >= TOUCH_EVERY_SECONDS:
                session["_touched"] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Show every time in the viewer's own zone; storage stays UTC. A visitor who is not
    logged in (a share-link reader, the login page) sees the server's TIME_ZONE."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import timezone

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
