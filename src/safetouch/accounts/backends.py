"""Django's model backend, with the logged-in user read through a compiled query.

Every request of a logged-in user reads her row after her session's; `Prepared` saves
the ORM's work of building that query each time. Passwords and permissions are the
model backend's as they are.
"""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model

from safetouch.core.prepared import Prepared

_USER = Prepared(lambda user_id: get_user_model().objects.filter(pk=user_id), user_id=int)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        try:
            rows = _USER.run(user_id=user_id)
        except (TypeError, ValueError):  # not an id: no user
            return None
        user = rows[0] if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None
