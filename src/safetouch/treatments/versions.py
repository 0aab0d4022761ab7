"""Her limits as the engine judges them, judged once per version of her record.

Building the engine request reads her whole history into model objects; the answer
only changes when a row of her record does. These wrap the readers of
`treatments.limits` at the page boundary, keyed by every row they read (see
`safetouch.core.cache`), so a page shown again costs a few cheap reads instead.
"""

from __future__ import annotations

from django.utils import timezone

from safetouch.checkins.models import CheckIn, CheckInTightness
from safetouch.clients.models import BannedTechnique, ClientProfile, ZoneRule
from safetouch.core.cache import cached, table_rows
from safetouch.treatments import limits
from safetouch.treatments.models import LighterOk, MassageSession, Outcome, SessionItem, Tightness


def record_rows(client: ClientProfile) -> tuple:
    """Every row the engine request of `treatments.limits` is built from, whole, with
    the time zone that dates its readings: when none changed, neither did the request."""
    return (
        timezone.get_current_timezone_name(),
        *table_rows(
            client.pk,
            (ClientProfile, "pk"),
            (ZoneRule, "client"),
            (BannedTechnique, "client"),
            (LighterOk, "client"),
            (MassageSession, "client"),
            (SessionItem, "session__client"),
            (Tightness, "session__client"),
            (Outcome, "session__client"),
            (CheckIn, "client"),
            (CheckInTightness, "checkin__client"),
        ),
    )


def flagged_pairs(client: ClientProfile, *, rows: tuple | None = None) -> list[dict]:
    """`limits.flagged_pairs`, computed once per version of her record; `rows`: her
    `record_rows`, when the page has read them already."""
    return cached(
        "flagged-pairs:v1",
        (client.pk, rows or record_rows(client)),
        lambda: limits.flagged_pairs(client),
    )


def log_refusals(
    client: ClientProfile,
    items: list[dict],
    *,
    session: MassageSession | None = None,
    rows: tuple | None = None,
) -> list[list[dict]]:
    """`limits.log_refusals`, computed once per version of her record and these items."""
    return cached(
        "log-refusals:v1",
        (client.pk, session.pk if session else None, items, rows or record_rows(client)),
        lambda: limits.log_refusals(client, items, session=session),
    )
