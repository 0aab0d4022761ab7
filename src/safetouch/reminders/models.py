"""One row per reminder email: who, which kind, for which day. The row is the claim that
makes sending idempotent (see reminders.sending)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    BOOKING = "booking", "Your massage is due"
    STRETCHING = "stretching", "Stretching days"
    OUTCOME = "outcome", "How were your joints after a session"
    FLARE = "flare", "A client's joints flared after a session"


# The user field that turns each kind on or off (accounts.User, settings page).
SETTING = {
    Kind.BOOKING: "remind_booking",
    Kind.STRETCHING: "remind_stretching",
    Kind.OUTCOME: "remind_outcome",
    Kind.FLARE: "remind_flare",
}


class Reminder(models.Model):
    """A reminder due to one person on one day. `about` tells two apart that share a
    day, such as flare alerts about two sessions ("session-12"); empty otherwise."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due = models.DateField()
    about = models.CharField(max_length=32, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "due", "about"], name="reminder_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="reminder_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["sent", "due"], name="reminder_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} reminder due {self.due:%Y-%m-%d}"
