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

The cache is whatever `CACHES` names (by default Django's local-memory cache: one per
process, so each gunicorn worker warms its own). The key parts must include everything
the value depends on *and everything that tells one reader's value from another's*:
a cached value is returned to whoever presents the same parts.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import TypeVar

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
