"""Writes to a client's session log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from safetouch.clients.models import ClientProfile, Therapist
from safetouch.treatments.models import MassageSession, Outcome, SessionItem, Tightness


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
) -> MassageSession:
    """A session and its items (region, technique, pressure, minutes, too_much) in one
    transaction: no half-logged session is ever left."""
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
        for item in items:
            item_add(session=session, **item)
    return session


def item_add(
    *,
    session: MassageSession,
    region: str,
    technique: str,
    pressure: int,
    minutes: int,
    too_much: bool = False,
) -> SessionItem:
    item = SessionItem(
        session=session,
        region=region,
        technique=technique,
        pressure=pressure,
        minutes=minutes,
        too_much=too_much,
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
