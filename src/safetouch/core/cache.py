"""Derived values kept in Django's cache under a key made of everything they are computed from.

A forecast fitted on a client's check-ins, a chart drawn from its numbers, a PDF typeset
from a sheet: each is a pure function of its inputs. `cached` keys the result by a hash
of those inputs, so a change in any of them is a new key and a stale answer is never
served; an old entry simply ages out. Nothing is ever invalidated by hand.

What is computed from a client's record is keyed by the record as the loader read it
(`Record.fingerprint` in `safetouch.records.types`): the key is read through the one
read path of her record, and changes with any change of it.

A namespace carries a version (`"plan:v1"`): bump it when the code computing the value
changes shape, for a cache shared across deploys.

`remembered` is the same idea kept in this process's memory, without pickling: for
what every view of a page shows again (a card drawn from her record), where reading a
pickled value back would cost a good part of drawing it.

The cache is whatever `CACHES` names (by default Django's local-memory cache: one per
process, so each gunicorn worker warms its own). The key parts must include everything
the value depends on *and everything that tells one reader's value from another's*:
a cached value is returned to whoever presents the same parts.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

# Long enough to matter between two views of a page, short enough that entries of
# records nobody looks at any more leave memory on their own.
TIMEOUT_SECONDS = 6 * 3600
_MISSING = object()


def version_key(namespace: str, *parts: object) -> str:
    """`namespace:sha256` of the parts: any change in any part is another key.

    Parts are hashed by their pickle, which tells apart values their `str` would not
    (1 and "1", None and "None") and covers dates, tuples and frozen dataclasses.
    """
    digest = hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()
    return f"{namespace}:{digest}"


def cached(
    namespace: str, parts: tuple, compute: Callable[[], T], *, timeout: int = TIMEOUT_SECONDS
) -> T:
    """The value under `namespace` for these key parts, computing and storing it on a miss."""
    key = version_key(namespace, *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


class Kept:
    """The values used last, at most `size`, least recently used out first; shared by
    the threads of a process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value under `key`, or None."""
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


_REMEMBERED = Kept(settings.FRAGMENTS_KEPT)


def remembered(namespace: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`cached`, in this process's memory: the value is returned as it was stored, never
    a copy, so it must be immutable (a rendered fragment, a frozen dataclass). The parts
    must tell apart every value, as for `cached`; parts that cannot be hashed as they are
    (a dict) are keyed by their digest, as `cached` keys them."""
    key = (namespace, *parts)
    try:
        hash(key)
    except TypeError:
        key = (version_key(namespace, *parts),)
    value = _REMEMBERED.get(key)
    if value is None:
        value = compute()
        _REMEMBERED.put(key, value)
    return value


def forget_remembered() -> None:
    """Forget every value `remembered` holds (tests start from nothing)."""
    _REMEMBERED.clear()
