"""A massage session, its items, the too-much flags and the next-day outcome, and the
flagged pairs she has said may be tried again, lighter (app `treatments`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from safetouch.records.models.base import (
    POSITION_CHOICES,
    PRESSURE_CHOICES,
    REGION_CHOICES,
    TECHNIQUE_CHOICES,
    choice_in,
)
from safetouch.records.models.clients import ClientProfile, Therapist


class SessionQuerySet(models.QuerySet):
    def for_client(self, client: ClientProfile) -> SessionQuerySet:
        return self.filter(client=client)

    def flared(self) -> SessionQuerySet:
        return self.filter(outcome__flare=True)


class MassageSession(models.Model):
    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    therapist = models.ForeignKey(
        Therapist, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    minutes = models.PositiveSmallIntegerField("hands-on minutes")
    position = models.CharField(max_length=32, choices=POSITION_CHOICES, default="side_lying")
    notes = models.TextField(blank=True, max_length=4000)
    # In-session mode: the plan it was started from ([{region, technique, pressure,
    # minutes}]), recorded item by item as it happens, and a short note for next time.
    planned = models.JSONField(default=list, blank=True)
    next_time = models.CharField("note for next time", max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        app_label = "treatments"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["client", "-date"], name="session_client_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=240), name="session_minutes_range"
            ),
            models.CheckConstraint(
                condition=choice_in("position", POSITION_CHOICES), name="session_position_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Session on {self.date:%Y-%m-%d}"

    @property
    def broken_count(self) -> int:
        """Items logged against her limits (reads the prefetched items)."""
        return sum(1 for item in self.items.all() if item.breaks)


class SessionItem(models.Model):
    """One region worked with one technique at one pressure for some minutes."""

    session = models.ForeignKey(MassageSession, on_delete=models.CASCADE, related_name="items")
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    technique = models.CharField(max_length=32, choices=TECHNIQUE_CHOICES)
    pressure = models.PositiveSmallIntegerField(choices=PRESSURE_CHOICES)
    minutes = models.PositiveSmallIntegerField()
    too_much = models.BooleanField(
        "too much", default=False, help_text="The client said this was too much."
    )
    # What engine.check refused when it was logged ([{"rule", "reason"}]): logged anyway,
    # because it happened, and marked so the history and the sheet say so.
    breaks = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "treatments"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("region", REGION_CHOICES), name="item_region_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("technique", TECHNIQUE_CHOICES), name="item_technique_valid"
            ),
            models.CheckConstraint(
                condition=Q(pressure__gte=1) & Q(pressure__lte=5), name="item_pressure_1_5"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=180), name="item_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}, {self.get_technique_display()} {self.pressure}"


TAP_ACTIONS = [
    ("done", "Done"),
    ("too_much", "Too much"),
    ("lighter", "Lighter"),
    ("skip", "Skip"),
    ("flag", "Too much (after it was done)"),
    ("note", "Note for next time"),
    ("finish", "Finish"),
]


class SessionTap(models.Model):
    """One tap of in-session mode, applied once: the browser gives each tap a key and
    sends it again until it is acknowledged, so a repeat finds this row and changes
    nothing."""

    session = models.ForeignKey(MassageSession, on_delete=models.CASCADE, related_name="taps")
    key = models.UUIDField()
    action = models.CharField(max_length=16, choices=TAP_ACTIONS)
    row = models.PositiveSmallIntegerField(null=True, blank=True)  # of session.planned
    item = models.ForeignKey(
        SessionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="taps"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "treatments"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "key"], name="tap_once_per_key"),
            models.CheckConstraint(
                condition=choice_in("action", TAP_ACTIONS), name="tap_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.key})"


class Outcome(models.Model):
    """How the joints and muscles were the day after."""

    session = models.OneToOneField(
        MassageSession, on_delete=models.CASCADE, related_name="outcome"
    )
    flare = models.BooleanField("joints locked up or flared")
    hours_after = models.PositiveSmallIntegerField(
        "hours after the session", null=True, blank=True
    )
    notes = models.TextField(blank=True, max_length=4000)
    recorded = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "treatments"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_after__isnull=True) | Q(hours_after__lte=96),
                name="outcome_hours_0_96",
            ),
            models.CheckConstraint(
                condition=Q(flare=True) | Q(hours_after__isnull=True),
                name="outcome_hours_only_with_flare",
            ),
        ]

    def __str__(self) -> str:
        return "Flare" if self.flare else "No flare"


class Tightness(models.Model):
    """Tightness 0-10 of one region before the session and the day after."""

    session = models.ForeignKey(MassageSession, on_delete=models.CASCADE, related_name="tightness")
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    before = models.PositiveSmallIntegerField(null=True, blank=True)
    after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        app_label = "treatments"
        ordering = ["region"]
        constraints = [
            models.UniqueConstraint(fields=["session", "region"], name="tightness_one_per_region"),
            models.CheckConstraint(
                condition=choice_in("region", REGION_CHOICES), name="tightness_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(before__isnull=True) | Q(before__lte=10), name="tightness_before_0_10"
            ),
            models.CheckConstraint(
                condition=Q(after__isnull=True) | Q(after__lte=10), name="tightness_after_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}: {self.before} -> {self.after}"

    @property
    def relief(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.before - self.after


class LighterOk(models.Model):
    """A (region, technique) she flagged too much and has said may be tried again, lighter:
    only ever below the lowest pressure flagged. Only she can add or remove one."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="lighter_ok")
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    technique = models.CharField(max_length=32, choices=TECHNIQUE_CHOICES)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "treatments"
        ordering = ["region", "technique"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "region", "technique"], name="lighter_ok_once_per_pair"
            ),
            models.CheckConstraint(
                condition=choice_in("region", REGION_CHOICES), name="lighter_ok_region_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("technique", TECHNIQUE_CHOICES),
                name="lighter_ok_technique_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}, {self.get_technique_display()}: lighter is OK"
