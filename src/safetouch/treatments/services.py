"""Writes to a client's session log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from safetouch.clients.models import ClientProfile, Therapist
from safetouch.treatments.limits import log_refusals
from safetouch.treatments.models import (
    LighterOk,
    MassageSession,
    Outcome,
    SessionItem,
    Tightness,
)


class BreaksLimits(ValueError):
    """Items that break her limits, logged without `confirm_breaks`: nothing was saved.

    `refusals` holds, per item, engine.check's refusals ({"rule", "reason"}).
    """

    def __init__(self, refusals: list[list[dict]]):
        self.refusals = refusals
        first = next(r for rs in refusals for r in rs)
        super().__init__(first["reason"])

    def paths(self, prefix: str = "items") -> list[tuple[str, str]]:
        """(field path, words) per refusal, e.g. ("items[1]", "SI caution: ...")."""
        return [(f"{prefix}[{i}]", r["reason"]) for i, rs in enumerate(self.refusals) for r in rs]


def judge_items(
    *, client: ClientProfile, items: list[dict], confirm_breaks: bool, session=None
) -> list[list[dict]]:
    """engine.check on items about to be logged; refuses them unless confirmed. What
    happened may be logged even when it broke a limit, but only knowingly, and marked."""
    refusals = log_refusals(client, items, session=session)
    if any(refusals) and not confirm_breaks:
        raise BreaksLimits(refusals)
    return refusals


def session_create(
    *,
    client: ClientProfile,
    date: dt.date,
    minutes: int,
    position: str,
    therapist: Therapist | None = None,
    new_therapist: str = "",
    notes: str = "",
    items: Iterable[dict] = (),
    confirm_breaks: bool = False,
) -> MassageSession:
    """A session and its items (region, technique, pressure, minutes, too_much) in one
    transaction: no half-logged session is ever left. Items that break her limits raise
    BreaksLimits before anything is written, unless `confirm_breaks`."""
    items = list(items)
    breaks = judge_items(client=client, items=items, confirm_breaks=confirm_breaks)
    with transaction.atomic():
        if new_therapist.strip():
            therapist, _ = Therapist.objects.get_or_create(
                client=client, name=new_therapist.strip()
            )
        session = MassageSession(
            client=client,
            date=date,
            minutes=minutes,
            position=position,
            therapist=therapist,
            notes=notes,
        )
        session.full_clean()
        session.save()
        for item, broken in zip(items, breaks, strict=True):
            _item_save(session=session, breaks=broken, **item)
    return session


def item_add(*, session: MassageSession, confirm_breaks: bool = False, **item) -> SessionItem:
    """Log one item (region, technique, pressure, minutes, too_much); if it breaks her
    limits, BreaksLimits unless `confirm_breaks`, and then it is marked."""
    (broken,) = judge_items(
        client=session.client, items=[item], confirm_breaks=confirm_breaks, session=session
    )
    return _item_save(session=session, breaks=broken, **item)


def _item_save(
    *,
    session: MassageSession,
    region: str,
    technique: str,
    pressure: int,
    minutes: int,
    too_much: bool = False,
    breaks: list[dict] = (),
) -> SessionItem:
    item = SessionItem(
        session=session,
        region=region,
        technique=technique,
        pressure=pressure,
        minutes=minutes,
        too_much=too_much,
        breaks=list(breaks),
    )
    item.full_clean()
    item.save()
    return item


def item_flag(*, item: SessionItem, too_much: bool) -> SessionItem:
    item.too_much = too_much
    item.save(update_fields=["too_much"])
    return item


def outcome_record(
    *,
    session: MassageSession,
    flare: bool,
    hours_after: int | None = None,
    notes: str = "",
    tightness: dict[str, tuple[int | None, int | None]] | None = None,
) -> Outcome:
    """Record (or correct) the next-day outcome and tightness, all or nothing."""
    with transaction.atomic():
        outcome, _ = Outcome.objects.update_or_create(
            session=session,
            defaults={
                "flare": flare,
                "hours_after": hours_after if flare else None,
                "notes": notes,
            },
        )
        session.tightness.exclude(region__in=list(tightness or {})).delete()
        for region, (before, after) in (tightness or {}).items():
            Tightness.objects.update_or_create(
                session=session, region=region, defaults={"before": before, "after": after}
            )
    return outcome


def lighter_ok_set(*, client: ClientProfile, region: str, technique: str, ok: bool) -> None:
    """She says a flagged pair may be tried again, lighter (or takes it back). Callers
    make sure the one asking is the client herself (clients.selectors.own_client_for)."""
    if ok:
        LighterOk.objects.get_or_create(client=client, region=region, technique=technique)
    else:
        LighterOk.objects.filter(client=client, region=region, technique=technique).delete()
