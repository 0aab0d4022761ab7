"""Django's database sessions, read through a compiled query.

Every request of a logged-in user reads her session row first; `Prepared` saves the
ORM's work of building that query each time. Everything else (saving, expiry,
`clearsessions`) is Django's `db` backend as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from safetouch.core.prepared import Prepared

_LIVE = Prepared(
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    session_key=str,
    now=dt.datetime,
)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Session | None:
        rows = _LIVE.run(session_key=self.session_key, now=timezone.now())
        if rows:
            return rows[0]
        self._session_key = None  # as Django's own store forgets a key it cannot find
        return None
