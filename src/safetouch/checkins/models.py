"""Calendar feeds of the check-ins app; the record's check-ins, routine and settings live
in `safetouch.records.models` and Django finds them here."""

from __future__ import annotations

import hashlib

from django.db import models

from safetouch.records.models.checkins import (
    SAFE_STRETCH_CHOICES,
    STRETCH_CHOICES,
    TRAINING_MAX_MINUTES,
    CheckIn,
    CheckInQuerySet,
    CheckInStretch,
    CheckInTightness,
    Preferences,
    RoutineStretch,
)
from safetouch.records.models.clients import ClientProfile

__all__ = [
    "SAFE_STRETCH_CHOICES",
    "STRETCH_CHOICES",
    "TRAINING_MAX_MINUTES",
    "CheckIn",
    "CheckInQuerySet",
    "CheckInStretch",
    "CheckInTightness",
    "FeedToken",
    "FeedTokenQuerySet",
    "Preferences",
    "RoutineStretch",
]


class FeedTokenQuerySet(models.QuerySet):
    def active(self) -> FeedTokenQuerySet:
        return self.filter(revoked__isnull=True)


class FeedToken(models.Model):
    """A secret calendar-feed address; only its hash is kept, so a leaked database
    does not leak working feed URLs."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.client}"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
