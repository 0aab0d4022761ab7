"""Django's database sessions, read through a compiled query.

Every request of a logged-in user reads her session row first; `Prepared` saves the
ORM's work of building that query each time. Everything else (saving, expiry,
`clearsessions`) is Django's `db` backend as it is.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from safetouch.core.prepared import Prepared

_LIVE = Prepared(
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    session_key=str,
    now=dt.datetime,
)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Session | None:
        try:
            rows = _LIVE.run(session_key=self.session_key, now=timezone.now())
            if rows:
                return rows[0]
        except SuspiciousOperation as exc:  # as Django's own store reports it
            logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
        self._session_key = None
        return None
