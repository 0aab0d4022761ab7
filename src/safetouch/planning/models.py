"""The plan a therapist adjusted and saved: her next-session plan until someone goes back
to the engine's plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safetouch.clients.models import ClientProfile


class SavedPlan(models.Model):
    """One per client: items ([{region, technique, pressure, minutes, why}]) checked by
    engine.check when saved, and checked again each time it is shown."""

    client = models.OneToOneField(
        ClientProfile, on_delete=models.CASCADE, related_name="saved_plan"
    )
    minutes = models.PositiveSmallIntegerField()
    items = models.JSONField(default=list)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    saved_by_name = models.CharField(max_length=150)  # kept if the account is deleted
    saved = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=10) & Q(minutes__lte=180), name="saved_plan_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan adjusted by {self.saved_by_name}"
