"""Writes to a client's session log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from safetouch.records.models import (
    ClientProfile,
    LighterOk,
    MassageSession,
    Outcome,
    SessionItem,
    SessionTap,
    Therapist,
    Tightness,
)
from safetouch.treatments.limits import log_refusals


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
    planned: Iterable[dict] = (),
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
            planned=[_planned(p) for p in planned],
        )
        session.full_clean()
        session.save()
        for item, broken in zip(items, breaks, strict=True):
            _item_save(session=session, breaks=broken, **item)
    return session


def _planned(item: dict) -> dict:
    return {k: item[k] for k in ("region", "technique", "pressure", "minutes")}


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


class TapError(ValueError):
    """A tap that cannot be applied; `field` names what is wrong."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


# Taps that record an item, and how each records it.
RECORDING = {"done", "too_much", "lighter"}


def tap_apply(
    *,
    session: MassageSession,
    key: uuid.UUID,
    action: str,
    row: int | None = None,
    item: dict | None = None,
    of: uuid.UUID | None = None,
    text: str = "",
    confirm_breaks: bool = False,
) -> tuple[SessionTap, bool]:
    """Apply one tap of in-session mode exactly once: (the tap, whether it was applied
    now). A key already applied returns its tap and changes nothing, so a browser that
    never heard the answer may send it again. An item that breaks her limits raises
    BreaksLimits, and nothing is stored, unless `confirm_breaks`."""
    seen = session.taps.filter(key=key).first()
    if seen is not None:
        return seen, False
    if row is not None and not 0 <= row < len(session.planned):
        raise TapError("row", "not a row of the plan this session started from.")
    try:
        with transaction.atomic():
            tap = SessionTap(session=session, key=key, action=action, row=row)
            tap.item = _tap_effect(session, tap, item, of, text, confirm_breaks)
            tap.save()
            return tap, True
    except IntegrityError:  # the same tap arrived twice at once: the other one applied it
        return session.taps.get(key=key), False


def _tap_effect(session, tap, item, of, text, confirm_breaks) -> SessionItem | None:
    if tap.action in RECORDING:
        if item is None:
            raise TapError("region", "required to record an item.")
        return item_add(
            session=session, confirm_breaks=confirm_breaks, **_as_tapped(tap.action, item)
        )
    if tap.action == "flag":
        earlier = session.taps.filter(key=of, item__isnull=False).select_related("item").first()
        if earlier is None:
            raise TapError("of", "no recorded item has this tap key.")
        return item_flag(item=earlier.item, too_much=True)
    if tap.action == "note":
        session.next_time = text.strip()[:500]
        session.save(update_fields=["next_time"])
    if tap.action == "finish":
        _finish(session)
    return None


def _as_tapped(action: str, item: dict) -> dict:
    """ "Lighter": done, one step lighter than shown, as she asked; "too much": done and
    flagged, so it is never planned again."""
    item = _planned(item)
    if action == "lighter":
        item["pressure"] = max(1, item["pressure"] - 1)
    return {**item, "too_much": action == "too_much"}


def _finish(session: MassageSession) -> None:
    """The session's hands-on minutes become what was recorded (when anything was)."""
    total = sum(i.minutes for i in session.items.all())
    if 1 <= total <= 240:
        session.minutes = total
        session.save(update_fields=["minutes"])
