"""Share links: read-only access to a client's sheet and plan, for a named therapist."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from safetouch.records.models import ClientProfile

DEFAULT_DAYS = 7
MAX_DAYS = 90


def token_hash(token: str) -> str:
    """The only form in which a token is stored: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime) -> ShareLinkQuerySet:
        return self.filter(revoked__isnull=True, expires__gt=now)


class ShareLink(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="share_links")
    therapist_name = models.CharField("therapist's name", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField()
    revoked = models.DateTimeField(null=True, blank=True)
    last_opened = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires__gt=F("created")), name="share_expires_after_created"
            ),
            models.CheckConstraint(condition=~Q(therapist_name=""), name="share_therapist_named"),
        ]

    def __str__(self) -> str:
        return f"Link for {self.therapist_name}"

    def state(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.revoked is not None:
            return self.State.REVOKED
        if self.expires <= now:
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.state() == self.State.ACTIVE
