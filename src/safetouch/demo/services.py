"""Load the demo practice from practice.json, through the account import.

Each account in the file is an account file, imported as a client's own file would be;
the file's `practice` part (passwords, limits set after her sessions, accepted shares,
what her therapist has read) goes through the services that own those rows. Loading is
idempotent: an account already here is left as it is, and nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from safetouch.clients.services import banned_add, zone_set
from safetouch.portability.services import account_import
from safetouch.practice.services import client_seen
from safetouch.records.models import CareGrant, ClientProfile
from safetouch.sharing.services import code_accept, invite_by_code

DATA_FILE = Path(__file__).with_name("practice.json")
# Days and local times of day (sessions, check-ins) move with the day the demo is
# loaded as of; the other stamps (when a row was written) move to the time of loading.
DAY_KEYS = frozenset({"date", "at"})
STAMP_KEYS = frozenset({"created", "updated", "recorded", "revoked", "exported"})


@functools.cache
def demo_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


DEMO_PASSWORD: str = demo_data()["practice"]["password"]


def load_demo(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Create the demo accounts and records that are missing, dated as of `today`;
    return the (who, email) logins."""
    data = demo_data()
    days = ((today or timezone.localdate()) - dt.date.fromisoformat(data["anchor"])).days
    practice = data["practice"]
    with transaction.atomic():
        for document in data["accounts"]:
            _account_load(shifted(document, days=days, now=timezone.now()), practice)
        for limits in practice["limits"]:
            _limits_set(**limits)
        for grant in practice["grants"]:
            _grant_accepted(**grant)
        for seen in practice["seen"]:
            client_seen(
                therapist=_user(seen["therapist"]),
                client=_profile(seen["client"]),
                at=timezone.now(),
            )
    return [(login["who"], login["email"]) for login in practice["logins"]]


def shifted(document: dict, *, days: int, now: dt.datetime) -> dict:
    """The account file with its days moved by `days` and its stamps written as of `now`."""
    offset = now - dt.datetime.fromisoformat(document["exported"])
    return _shift(document, dt.timedelta(days=days), offset)


def _shift(value, days: dt.timedelta, offset: dt.timedelta, key: str = ""):
    if isinstance(value, dict):
        return {k: _shift(v, days, offset, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days, offset) for v in value]
    if value is None or key not in DAY_KEYS | STAMP_KEYS:
        return value
    if key == "date":
        return (dt.date.fromisoformat(value) + days).isoformat()
    if key == "at":  # a local time of day: the same evening hour after a clock change
        return timezone.make_aware(dt.datetime.fromisoformat(value) + days).isoformat()
    return (dt.datetime.fromisoformat(value) + offset).isoformat()


def _account_load(document: dict, practice: dict) -> None:
    if get_user_model().objects.filter(email__iexact=document["account"]["email"]).exists():
        return
    result = account_import(text=json.dumps(document))
    if result.skipped:
        raise ValueError(f"demo: {document['account']['email']}: {result.skipped}")
    # An imported account has no usable password until one is set.
    result.user.set_password(practice["password"])
    result.user.save(update_fields=["password"])


def _limits_set(*, client: str, zones: list[dict], banned: list[dict]) -> None:
    """Her limits grew out of her sessions, so they are set after them (through the
    same services as her limits page): nothing was logged against them."""
    profile = _profile(client)
    if profile.zones.exists():
        return
    for zone in zones:
        zone_set(client=profile, **zone)
    for ban in banned:
        banned_add(client=profile, **ban)


def _grant_accepted(*, client: str, grantee: str, access: str) -> None:
    """A share she offered by code and her therapist accepted."""
    profile, user = _profile(client), _user(grantee)
    if not CareGrant.objects.active().filter(client=profile, grantee=user).exists():
        _, code = invite_by_code(client=profile, access=access)
        code_accept(user=user, code=code)


def _user(email: str):
    return get_user_model().objects.get(email=email)


def _profile(email: str) -> ClientProfile:
    return ClientProfile.objects.get(user__email=email)
