"""Sessions end after SESSION_COOKIE_AGE seconds idle, without a database write per request."""

from __future__ import annotations

import time

# Saving the session on every request would make every page view a write, which on
# SQLite queues all readers behind one writer. Refreshing the expiry at most once a
# minute keeps the idle limit to within a minute of SESSION_COOKIE_AGE.
TOUCH_EVERY_SECONDS = 60


def touch(session) -> None:
    """Count this request as activity: the idle limit starts again (once a minute)."""
    if session.session_key is not None:
        now = int(time.time())
        if now - session.get("_touched", 0) >= TOUCH_EVERY_SECONDS:
            session["_touched"] = now  # marks it modified: saved with a new expiry


class IdleSessionMiddleware:
    """Every request is activity, except a view marked `touches_session_itself` (the
    in-session heartbeat), which decides for itself whether it counts."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "touches_session_itself", False):
            touch(request.session)
        return None


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
