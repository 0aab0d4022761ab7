"""Her limits as the engine judges them, judged once per version of her record.

Judging runs the engine's check over her whole history; the answer only changes when
her record does. These wrap the readers of `treatments.limits` at the page boundary,
keyed by the loaded record's fingerprint (see `safetouch.core.cache`), so a page shown
again skips the engine.
"""

from __future__ import annotations

from django.utils import timezone

from safetouch.core.cache import cached
from safetouch.records.models import MassageSession
from safetouch.records.types import Record
from safetouch.treatments import limits


def flagged_pairs(record: Record) -> list[dict]:
    """`limits.flagged_pairs` of her loaded record, computed once per version of it."""
    return cached(
        "flagged-pairs:v2",
        (record.fingerprint, timezone.get_current_timezone_name()),
        lambda: limits.flagged_pairs(record.client, record=record),
    )


def log_refusals(
    record: Record, items: list[dict], *, session: MassageSession | None = None
) -> list[list[dict]]:
    """`limits.log_refusals`, computed once per version of her record and these items."""
    return cached(
        "log-refusals:v2",
        (
            record.fingerprint,
            timezone.get_current_timezone_name(),
            session.pk if session else None,
            items,
        ),
        lambda: limits.log_refusals(record.client, items, session=session, record=record),
    )
