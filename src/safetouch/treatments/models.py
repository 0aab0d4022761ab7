"""Sessions, their items, flags and outcomes live in `safetouch.records.models`; Django
finds the `treatments` app's models here."""

from safetouch.records.models.treatments import (
    TAP_ACTIONS,
    LighterOk,
    MassageSession,
    Outcome,
    SessionItem,
    SessionQuerySet,
    SessionTap,
    Tightness,
)

__all__ = [
    "TAP_ACTIONS",
    "LighterOk",
    "MassageSession",
    "Outcome",
    "SessionItem",
    "SessionQuerySet",
    "SessionTap",
    "Tightness",
]
