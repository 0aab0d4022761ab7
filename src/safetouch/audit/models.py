"""The audit trail's model lives in `safetouch.records.models`; Django finds the `audit`
app's models here."""

from safetouch.records.models.audit import LABELS, AccessEvent, AccessEventQuerySet
from safetouch.records.models.base import AppendOnly

__all__ = ["LABELS", "AccessEvent", "AccessEventQuerySet", "AppendOnly"]
