"""What planning keeps: her consent and the practice's fitted populations, and the plan a
therapist adjusted and saved (her next-session plan until someone goes back to the
engine's plan)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from safetouch.records.models import ClientProfile


class PoolingConsent(models.Model):
    """Her opt-in: her history, without her name, may improve plans at her therapists'
    practices. No row, or `pooled` false, means no: it is off until she turns it on."""

    client = models.OneToOneField(
        ClientProfile, on_delete=models.CASCADE, related_name="pooling_consent"
    )
    pooled = models.BooleanField(default=False)
    changed = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.client}: {'shares' if self.pooled else 'does not share'} her history"


class PopulationQuerySet(models.QuerySet):
    def fitted(self) -> PopulationQuerySet:
        """Populations learned from enough clients (the rest are the built-in prior)."""
        return self.filter(fitted_on__gt=0)


class Population(models.Model):
    """What `safetouch.engine.fit_population` learned: one per therapist (over her
    consenting clients) and one for the whole server (therapist empty)."""

    therapist = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population",
    )
    parameters = models.JSONField()  # the engine's population, population-level only
    consenting = models.PositiveIntegerField()  # consenting clients asked
    fitted_on = models.PositiveIntegerField()  # clients it was fitted on; 0: built-in prior
    fitted = models.DateTimeField()

    objects = PopulationQuerySet.as_manager()

    class Meta:
        constraints = [
            # One server population (therapist empty): NULLs are distinct in a unique index.
            models.UniqueConstraint(Coalesce("therapist", Value(0)), name="one_population_each"),
        ]

    def __str__(self) -> str:
        whose = self.therapist or "the server"
        return f"Population of {whose}: {self.fitted_on} clients"


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
