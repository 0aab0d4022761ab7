"""Writes between sessions: check-ins, her routine, her settings, calendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from safetouch.checkins.models import FeedToken
from safetouch.records.models import (
    CheckIn,
    CheckInStretch,
    CheckInTightness,
    ClientProfile,
    Preferences,
    RoutineStretch,
)


def checkin_save(
    *,
    client: ClientProfile,
    at: dt.datetime,
    training_minutes: int,
    temperature_c: float | None,
    tightness: dict[str, int],
    stretches: list[str],
    notes: str = "",
    checkin: CheckIn | None = None,
) -> CheckIn:
    """Create a check-in, or replace everything in an existing one, all or nothing."""
    with transaction.atomic():
        checkin = checkin or CheckIn(client=client)
        checkin.at = at
        checkin.training_minutes = training_minutes
        checkin.temperature_c = None if temperature_c is None else round(temperature_c, 1)
        checkin.notes = notes
        checkin.full_clean()
        checkin.save()
        checkin.tightness.all().delete()
        checkin.stretches.all().delete()
        CheckInTightness.objects.bulk_create(
            CheckInTightness(checkin=checkin, region=r, value=v) for r, v in tightness.items()
        )
        CheckInStretch.objects.bulk_create(
            CheckInStretch(checkin=checkin, stretch=s) for s in dict.fromkeys(stretches)
        )
    return checkin


def routine_set(*, client: ClientProfile, stretches: list[str]) -> None:
    """Her routine becomes exactly these stretches."""
    with transaction.atomic():
        client.routine.exclude(stretch__in=stretches).delete()
        for stretch in stretches:
            RoutineStretch.objects.get_or_create(client=client, stretch=stretch)


def unit_remember(*, client: ClientProfile, unit: str) -> None:
    """The unit she checked in with becomes her preference for the next check-in."""
    prefs, _ = Preferences.objects.get_or_create(client=client)
    if prefs.temperature_unit != unit:
        prefs.temperature_unit = unit
        prefs.full_clean()
        prefs.save(update_fields=["temperature_unit"])


def feed_create(*, client: ClientProfile) -> str:
    """A new secret feed address; any earlier one stops working. Returns the token,
    which is shown once: only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed_revoke(client=client)
        FeedToken.objects.create(client=client, token_hash=FeedToken.hash(token))
    return token


def feed_revoke(*, client: ClientProfile) -> int:
    return client.feeds.active().update(revoked=timezone.now())
