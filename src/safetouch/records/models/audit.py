"""The audit trail: one append-only row per access to a client's records (app `audit`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetouch.records.models.base import AppendOnly

# Page names in words for the client; pages not listed get their name de-snaked.
LABELS = {
    "dashboard": "Dashboard",
    "bodymap": "Body map",
    "zone_set": "Body map zone",
    "preferences": "Limits and positioning",
    "banned_add": "Banned techniques",
    "banned_remove": "Banned techniques",
    "limit_undo": "Undo a change to her limits",
    "history": "Session history",
    "session_new": "New session",
    "session_detail": "Session",
    "item_add": "Session items",
    "item_flag": "Too-much flag",
    "item_delete": "Session items",
    "outcome": "Next-day outcome",
    "sharing": "Sharing settings",
    "access_log": "This access log",
    "workspace": "Therapist's list of clients",
    "brief": "Pre-session brief",
}


class AccessEventQuerySet(models.QuerySet):
    # Rows are evidence: the ORM refuses bulk changes. Anonymizing on account
    # deletion is the one sanctioned change and has its own verb.
    def update(self, **kwargs) -> int:
        raise AppendOnly("audit rows cannot be changed")

    def delete(self):
        raise AppendOnly("audit rows cannot be deleted")

    def anonymize_actor(self, user) -> int:
        """Forget where a deleting account connected from; the row itself stays."""
        return models.QuerySet.update(self.filter(actor=user), ip=None)

    def for_client(self, client) -> AccessEventQuerySet:
        return self.filter(client=client).select_related("actor")


class AccessEvent(models.Model):
    """Who read or changed which client's records, through which page, when, from where."""

    class Access(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Changed"

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # SET_NULL, not CASCADE: deleting an account anonymizes its rows instead of erasing
    # the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(max_length=16, blank=True)
    client = models.ForeignKey(
        "clients.ClientProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    via = models.CharField(
        max_length=100, blank=True, help_text="How someone without an account got in."
    )
    action = models.CharField(max_length=100, help_text="The page or endpoint's name.")
    method = models.CharField(max_length=8)
    access = models.CharField(max_length=8, choices=Access.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        app_label = "audit"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["client", "-created"], name="audit_client_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access__in=["read", "write"]), name="audit_access_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_id} {self.access} {self.action}"

    # An integrity guard rather than a business rule: a saved row never changes.
    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnly("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit rows cannot be deleted")

    @property
    def label(self) -> str:
        """The page in words: `session_detail` -> `Session`."""
        name = self.action.rsplit(":", 1)[-1]
        if name in LABELS:
            return LABELS[name]
        words = name.replace("_", " ").replace("-", " ")
        return words[:1].upper() + words[1:]
