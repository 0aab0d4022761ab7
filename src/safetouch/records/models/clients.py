"""The client's profile and her standing limits: zones, banned techniques, positioning,
who may see her record, and the history of her limits (app `clients`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safetouch.records.history import describe
from safetouch.records.models.base import (
    POSITION_CHOICES,
    PRESSURE_CHOICES,
    REGION_CHOICES,
    TECHNIQUE_CHOICES,
    AppendOnly,
    choice_in,
)


class ClientProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile"
    )
    first_name = models.CharField(max_length=60)
    position = models.CharField(
        "preferred position", max_length=32, choices=POSITION_CHOICES, default="side_lying"
    )
    prone_max_minutes = models.PositiveSmallIntegerField(
        "longest time face down (minutes)",
        null=True,
        blank=True,
        help_text="Leave empty if lying face down is fine; 0 means never face down.",
    )
    positioning_notes = models.CharField(max_length=300, blank=True)
    risk_tolerance = models.FloatField(
        default=0.05,
        help_text="Highest acceptable chance of a joint flare from one session.",
    )
    created = models.DateTimeField(auto_now_add=True)
    # Set by the database on every write to her record (triggers, migration
    # clients 0004), never by Django: the key of her loaded record (records/load.py).
    record_version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        app_label = "clients"
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_tolerance__gt=0) & Q(risk_tolerance__lt=1),
                name="profile_risk_tolerance_0_1",
            ),
            models.CheckConstraint(
                condition=choice_in("position", POSITION_CHOICES), name="profile_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(prone_max_minutes__isnull=True) | Q(prone_max_minutes__lte=180),
                name="profile_prone_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.first_name


class ZoneQuerySet(models.QuerySet):
    def avoided(self) -> ZoneQuerySet:
        return self.filter(rule=ZoneRule.Rule.AVOID)

    def focused(self) -> ZoneQuerySet:
        return self.filter(rule=ZoneRule.Rule.FOCUS)


class ZoneRule(models.Model):
    """One region of the body map: never touch, touch with a pressure cap, or focus on."""

    class Rule(models.TextChoices):
        FOCUS = "focus", "Focus"
        CAUTION = "caution", "Caution"
        AVOID = "avoid", "Never touch"

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="zones")
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    rule = models.CharField(max_length=8, choices=Rule.choices)
    pressure_cap = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=PRESSURE_CHOICES
    )
    updated = models.DateTimeField(auto_now=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        app_label = "clients"
        ordering = ["region"]
        constraints = [
            models.UniqueConstraint(fields=["client", "region"], name="zone_one_rule_per_region"),
            models.CheckConstraint(
                condition=choice_in("region", REGION_CHOICES), name="zone_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(rule__in=["focus", "caution", "avoid"]), name="zone_rule_valid"
            ),
            models.CheckConstraint(
                condition=Q(pressure_cap__isnull=True)
                | (Q(pressure_cap__gte=1) & Q(pressure_cap__lte=5)),
                name="zone_cap_1_5",
            ),
            # A caution zone always has a cap; a never-touch zone never has one.
            models.CheckConstraint(
                condition=~Q(rule="caution") | Q(pressure_cap__isnull=False),
                name="zone_caution_has_cap",
            ),
            models.CheckConstraint(
                condition=~Q(rule="avoid") | Q(pressure_cap__isnull=True),
                name="zone_avoid_has_no_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}: {self.get_rule_display()}"


class BannedTechnique(models.Model):
    """A technique never to use, on one region or (region empty) anywhere."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="banned")
    technique = models.CharField(max_length=32, choices=TECHNIQUE_CHOICES)
    region = models.CharField(max_length=32, choices=REGION_CHOICES, blank=True)

    class Meta:
        app_label = "clients"
        ordering = ["technique", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "technique", "region"], name="banned_unique_per_client"
            ),
            models.CheckConstraint(
                condition=choice_in("technique", TECHNIQUE_CHOICES), name="banned_technique_valid"
            ),
            models.CheckConstraint(
                condition=Q(region="") | choice_in("region", REGION_CHOICES),
                name="banned_region_valid",
            ),
        ]

    def __str__(self) -> str:
        where = self.get_region_display() if self.region else "anywhere"
        return f"{self.get_technique_display()} ({where})"


class Therapist(models.Model):
    """Someone who massages this client; linked to an account when she has one."""

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="therapists")
    name = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        app_label = "clients"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="therapist_name_per_client"),
        ]

    def __str__(self) -> str:
        return self.name


class GrantQuerySet(models.QuerySet):
    def active(self) -> GrantQuerySet:
        """Grants in force: accepted by an account and not revoked."""
        return self.filter(revoked__isnull=True, grantee__isnull=False)

    def pending(self, *, now: dt.datetime | None = None) -> GrantQuerySet:
        """Invitations not yet accepted, revoked or expired (by `now`, or now)."""
        now = now or timezone.now()
        return self.filter(revoked__isnull=True, grantee__isnull=True, expires__gt=now)


class GrantManager(models.Manager.from_queryset(GrantQuerySet)):
    """Grants given to an account. Invitations (no grantee yet) stay out of sight here,
    so code that reads grants as "who has access" never meets a grant without a person;
    `CareGrant.with_invitations` sees them too."""

    def get_queryset(self) -> GrantQuerySet:
        return super().get_queryset().filter(grantee__isnull=False)


class CareGrant(models.Model):
    """The client lets another account read her records, log sessions, or edit limits.

    "Log sessions and outcomes" (`write`) lets a therapist record what was done and make
    limits stricter; only "edit limits" (`limits`) also lets her loosen a limit, which is
    otherwise the client's alone.

    A grant starts as an invitation (no grantee yet) sent to an email address or
    handed over as a one-time code; the therapist accepting it fills in the grantee.
    Only the code's hash is stored. Revoking sets `revoked`; rows are kept so the
    client sees who had access and until when.
    """

    class Access(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Log sessions and outcomes"
        LIMITS = "limits", "Log sessions and outcomes, and edit limits"

    client = models.ForeignKey(ClientProfile, on_delete=models.CASCADE, related_name="grants")
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="grants_received",
        null=True,
        blank=True,
    )
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.READ)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)
    invite_email = models.EmailField(blank=True)
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires = models.DateTimeField(null=True, blank=True)
    accepted = models.DateTimeField(null=True, blank=True)

    objects = GrantManager()
    with_invitations = GrantQuerySet.as_manager()

    class Meta:
        app_label = "clients"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "grantee"],
                condition=Q(revoked__isnull=True),
                name="grant_one_active_per_grantee",
            ),
            models.CheckConstraint(
                condition=Q(access__in=["read", "write", "limits"]), name="grant_access_valid"
            ),
            # An invitation is addressed (email or code) and expires.
            models.CheckConstraint(
                condition=Q(grantee__isnull=False)
                | ((~Q(invite_email="") | ~Q(code_hash="")) & Q(expires__isnull=False)),
                name="grant_invitation_addressed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantee or self.invite_email or 'code'} -> {self.client} ({self.access})"

    @property
    def is_pending(self) -> bool:
        return self.grantee_id is None and self.revoked is None

    @property
    def may_write(self) -> bool:
        """Log sessions and outcomes, and make limits stricter."""
        return self.access in (self.Access.WRITE, self.Access.LIMITS)

    @property
    def allows(self) -> str:
        """What this grant lets the therapist do, in words."""
        return ACCESS_ALLOWS[self.access]

    @property
    def may_edit_limits(self) -> bool:
        """Loosen limits too: remove a never-touch zone, raise a cap, lift a ban."""
        return self.access == self.Access.LIMITS


# What each grant allows, in the words the invitation, its email and the sharing page use.
ACCESS_ALLOWS = {
    CareGrant.Access.READ: "See her body map, limits, sessions and plan; change nothing.",
    CareGrant.Access.WRITE: (
        "See everything, log sessions and next-day outcomes, and make her limits "
        "stricter (add a never-touch zone, lower a pressure cap, ban a technique); "
        "not loosen them."
    ),
    CareGrant.Access.LIMITS: (
        "All of that, and loosen her limits too: remove a never-touch zone, raise or "
        "remove a pressure cap, lift a ban, raise her flare limit. She sees every change "
        "on her dashboard and can undo it."
    ),
}


class LimitChangeQuerySet(models.QuerySet):
    # The history of her limits is evidence of who changed what: never rewritten.
    def update(self, **kwargs) -> int:
        raise AppendOnly("limit changes cannot be changed")

    def delete(self):
        raise AppendOnly("limit changes cannot be deleted")

    def by_others(self, client: ClientProfile) -> LimitChangeQuerySet:
        """Changes someone other than the client made, newest first."""
        return self.filter(client=client).exclude(actor=client.user_id).order_by("-created")


class LimitChange(models.Model):
    """One change to one of her limits: who, when, what it was before and after.

    `before` and `after` are the limit's state: for a zone {"rule", "cap"} or null (no
    rule), for a ban {"banned": true} or null, for the flare limit a number, for the
    time face down a number of minutes or null (no limit).
    """

    class Kind(models.TextChoices):
        ZONE = "zone", "Body-map zone"
        BAN = "ban", "Banned technique"
        TOLERANCE = "tolerance", "Flare limit"
        PRONE = "prone", "Time face down"

    client = models.ForeignKey(
        ClientProfile, on_delete=models.CASCADE, related_name="limit_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # The name as it was, so the history still reads after the account is gone.
    actor_name = models.CharField(max_length=100)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Region id for a zone, "technique:region" for a ban (region empty: anywhere).
    subject = models.CharField(max_length=80, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    loosened = models.BooleanField(default=False)
    undoes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="undone_by"
    )

    objects = LimitChangeQuerySet.as_manager()

    class Meta:
        app_label = "clients"
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["zone", "ban", "tolerance", "prone"]),
                name="limitchange_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.describe()}"

    def describe(self) -> str:
        """What changed, in words: "removed Lower back from never touch"."""
        return describe(self.kind, self.subject, self.before, self.after)
