"""A client's record as plain frozen data: what `load_record` reads, what every reader
of her record (planning, the hand-off, check-ins, the API, the exports) is given.

Collections are tuples, oldest first where time orders them; nothing here queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from dataclasses import dataclass, fields, replace
from functools import cached_property
from typing import Any

AVOID, CAUTION, FOCUS = "avoid", "caution", "focus"


@dataclass(frozen=True)
class Zone:
    """One region of her body map: focus, caution (with a cap) or avoid."""

    region: str
    rule: str
    pressure_cap: int | None
    updated: dt.datetime


@dataclass(frozen=True)
class Ban:
    """A technique never to use, on one region or (region "") anywhere."""

    pk: int
    technique: str
    region: str


@dataclass(frozen=True)
class Pair:
    """A (region, technique) pair: one she said may be tried lighter, or one flagged."""

    region: str
    technique: str


@dataclass(frozen=True)
class Therapist:
    pk: int
    name: str
    user_id: int | None
    account_email: str | None


@dataclass(frozen=True)
class Item:
    """One region worked with one technique at one pressure for some minutes."""

    pk: int
    region: str
    technique: str
    pressure: int
    minutes: int
    too_much: bool
    breaks: tuple[dict[str, Any], ...]  # what engine.check refused when it was logged


@dataclass(frozen=True)
class Tightness:
    """Tightness 0-10 of one region before a session and the day after."""

    pk: int
    region: str
    before: int | None
    after: int | None

    @property
    def relief(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.before - self.after


@dataclass(frozen=True)
class Outcome:
    """How the joints were the day after a session."""

    flare: bool
    hours_after: int | None
    notes: str
    recorded: dt.datetime


@dataclass(frozen=True)
class Session:
    pk: int
    date: dt.date
    minutes: int
    position: str
    notes: str
    next_time: str
    created: dt.datetime
    planned: tuple[dict[str, Any], ...]
    therapist: Therapist | None
    items: tuple[Item, ...]  # in the order logged
    tightness: tuple[Tightness, ...]  # by region
    outcome: Outcome | None  # None: not reported yet

    @property
    def flared(self) -> bool:
        return self.outcome is not None and self.outcome.flare

    @property
    def too_much(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.too_much)

    @property
    def broken_count(self) -> int:
        return sum(1 for i in self.items if i.breaks)

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def flagged_count(self) -> int:
        return len(self.too_much)


@dataclass(frozen=True)
class Rating:
    """One region's tightness at a check-in."""

    pk: int
    region: str
    value: int


@dataclass(frozen=True)
class CheckIn:
    """How she was between sessions."""

    pk: int
    at: dt.datetime
    training_minutes: int
    temperature_c: float | None
    notes: str
    created: dt.datetime
    updated: dt.datetime
    tightness: tuple[Rating, ...]  # by region
    stretches: tuple[str, ...]  # stretch ids, in the order noted

    @property
    def temperature_f(self) -> float | None:
        return None if self.temperature_c is None else self.temperature_c * 9 / 5 + 32


@dataclass(frozen=True)
class Preferences:
    """Her between-sessions settings; `saved` False: the defaults, never changed."""

    temperature_unit: str
    limit_level: int
    stretch_days: int
    saved: bool


@dataclass(frozen=True)
class Record:
    """Everything of one client's record that her pages, the engine and the exports read.

    `client` is her profile row, for who she is (name, position, risk tolerance)."""

    client: Any  # safetouch ClientProfile
    zones: tuple[Zone, ...]  # by region
    banned: tuple[Ban, ...]  # by technique, region
    lighter_ok: tuple[Pair, ...]  # by region, technique
    therapists: tuple[Therapist, ...]  # by name
    sessions: tuple[Session, ...]  # oldest first
    checkins: tuple[CheckIn, ...]  # oldest first
    routine: tuple[str, ...]  # stretch ids, in the order chosen
    preferences: Preferences

    @property
    def pk(self) -> int:
        return self.client.pk

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything in the record, her profile's columns included: the cache
        key part of whatever is computed from it (`safetouch.core.cache`). Any change of
        her record is another fingerprint; nothing outside it (what the profile object
        happens to have cached, properties computed so far) goes into it."""
        profile = tuple(
            (f.attname, getattr(self.client, f.attname)) for f in self.client._meta.concrete_fields
        )
        return hashlib.sha256(pickle.dumps((profile, self._contents), protocol=5)).hexdigest()

    @cached_property
    def _contents(self) -> bytes:
        """The hash of everything but her profile's row (it does not change with it)."""
        rest = tuple(getattr(self, f.name) for f in fields(self) if f.name != "client")
        return hashlib.sha256(pickle.dumps(rest, protocol=5)).digest()

    def kept(self) -> Record:
        """This record without her profile object, to be shared by the requests that ask
        for it (`for_profile`); the hash of the rest is worked out once, here."""
        record = replace(self, client=None)
        record.__dict__["_contents"] = self._contents
        return record

    def for_profile(self, client: Any) -> Record:
        """A kept record with the caller's own profile object, which is never shared."""
        record = replace(self, client=client)
        record.__dict__["_contents"] = self._contents
        return record

    @cached_property
    def avoided(self) -> frozenset[str]:
        return frozenset(z.region for z in self.zones if z.rule == AVOID)

    @cached_property
    def focus(self) -> tuple[str, ...]:
        return tuple(z.region for z in self.zones if z.rule == FOCUS)

    @cached_property
    def worked_sessions(self) -> tuple[Session, ...]:
        """Sessions with items, oldest first: the history the engine reads."""
        return tuple(s for s in self.sessions if s.items)

    @property
    def sessions_newest_first(self) -> tuple[Session, ...]:
        return self.sessions[::-1]

    @property
    def last_session(self) -> Session | None:
        return self.sessions[-1] if self.sessions else None

    @property
    def checkins_newest_first(self) -> tuple[CheckIn, ...]:
        return self.checkins[::-1]

    @cached_property
    def lowest_too_much(self) -> dict[tuple[str, str], int]:
        """(region, technique) -> the lowest pressure she ever flagged too much, by pair."""
        lowest: dict[tuple[str, str], int] = {}
        for item in (i for s in self.sessions for i in s.too_much):
            key = (item.region, item.technique)
            lowest[key] = min(lowest.get(key, item.pressure), item.pressure)
        return dict(sorted(lowest.items()))
