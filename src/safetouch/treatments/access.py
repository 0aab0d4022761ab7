"""One of her sessions, behind the access check: for the session pages and the
in-session mode alike."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from safetouch.records.access import Access, access_for
from safetouch.records.models import MassageSession
from safetouch.treatments import selectors


def session_access(
    request: HttpRequest, client_id: int, session_id: int, *, write: bool = False
) -> tuple[Access, MassageSession]:
    """The viewer's access to her record (audited) and the session; 404 for either."""
    access = access_for(request, client_id, write=write)
    try:
        return access, selectors.session_for(access.client, session_id)
    except MassageSession.DoesNotExist:
        raise Http404("No such session") from None
