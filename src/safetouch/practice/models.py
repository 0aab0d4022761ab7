"""The therapist's practice: when she last looked at each client's records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetouch.records.models import ClientProfile


class ClientSeen(models.Model):
    """The last time a therapist opened a client's brief: changes after it are "new"."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients_seen"
    )
    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="seen_by")
    seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["therapist", "client"], name="seen_once_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.therapist} saw {self.client} at {self.seen:%Y-%m-%d %H:%M}"
