"""Between sessions: check-ins, her stretching routine and her settings (app `checkins`)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from safetouch.engine.stretches import SAFE_STRETCHES, STRETCHES
from safetouch.records.models.base import REGION_CHOICES, choice_in
from safetouch.records.models.clients import ClientProfile

STRETCH_CHOICES = [(s.id, s.name) for s in STRETCHES.values()]
SAFE_STRETCH_CHOICES = [(s.id, s.name) for s in SAFE_STRETCHES]
TRAINING_MAX_MINUTES = 3000  # about a week of two-a-day training between two check-ins


class Preferences(models.Model):
    """Her settings for check-ins, the routine and the forecast."""

    class Unit(models.TextChoices):
        CELSIUS = "C", "°C"
        FAHRENHEIT = "F", "°F"

    client = models.OneToOneField(
        ClientProfile, on_delete=models.CASCADE, related_name="between_preferences"
    )
    temperature_unit = models.CharField(
        "temperature in", max_length=1, choices=Unit.choices, default=Unit.CELSIUS
    )
    limit_level = models.PositiveSmallIntegerField(
        "tightness that limits my training",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="0 none to 10 worst; the forecast says when you will get there.",
    )
    stretch_days = models.PositiveSmallIntegerField(
        "stretching days a week",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text="Your target, 1 to 7.",
    )

    class Meta:
        app_label = "checkins"
        constraints = [
            models.CheckConstraint(
                condition=Q(limit_level__gte=1) & Q(limit_level__lte=10),
                name="prefs_limit_1_10",
            ),
            models.CheckConstraint(
                condition=Q(stretch_days__gte=1) & Q(stretch_days__lte=7),
                name="prefs_stretch_days_1_7",
            ),
            models.CheckConstraint(
                condition=Q(temperature_unit__in=["C", "F"]), name="prefs_unit_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.client}"


class CheckInQuerySet(models.QuerySet):
    def for_client(self, client: ClientProfile) -> CheckInQuerySet:
        return self.filter(client=client)


class CheckIn(models.Model):
    """How she is between sessions: tightness, training since the last one, weather."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="checkins")
    at = models.DateTimeField("when")
    training_minutes = models.PositiveSmallIntegerField("training since the last check-in")
    temperature_c = models.FloatField("outdoor temperature (°C)", null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        app_label = "checkins"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="checkin_client_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(training_minutes__lte=TRAINING_MAX_MINUTES),
                name="checkin_training_range",
            ),
            models.CheckConstraint(
                condition=Q(temperature_c__isnull=True)
                | (Q(temperature_c__gte=-50) & Q(temperature_c__lte=50)),
                name="checkin_temperature_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in at {self.at:%Y-%m-%d %H:%M}"

    @property
    def temperature_f(self) -> float | None:
        return None if self.temperature_c is None else self.temperature_c * 9 / 5 + 32


class CheckInTightness(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="tightness")
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    value = models.PositiveSmallIntegerField()

    class Meta:
        app_label = "checkins"
        ordering = ["region"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "region"], name="checkin_one_per_region"),
            models.CheckConstraint(
                condition=choice_in("region", REGION_CHOICES), name="checkin_region_valid"
            ),
            models.CheckConstraint(condition=Q(value__lte=10), name="checkin_tightness_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}: {self.value}"


class CheckInStretch(models.Model):
    """A stretch she did since the previous check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="stretches")
    stretch = models.CharField(max_length=32, choices=STRETCH_CHOICES)

    class Meta:
        app_label = "checkins"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "stretch"], name="checkin_stretch_once"),
            models.CheckConstraint(
                condition=choice_in("stretch", STRETCH_CHOICES), name="checkin_stretch_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_stretch_display()


class RoutineStretch(models.Model):
    """A stretch in her routine; only SI-safe stretches can be chosen."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="routine")
    stretch = models.CharField(max_length=32, choices=SAFE_STRETCH_CHOICES)

    class Meta:
        app_label = "checkins"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "stretch"], name="routine_stretch_once"),
            models.CheckConstraint(
                condition=choice_in("stretch", SAFE_STRETCH_CHOICES), name="routine_stretch_safe"
            ),
        ]

    def __str__(self) -> str:
        return self.get_stretch_display()
