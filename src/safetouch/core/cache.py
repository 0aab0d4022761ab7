"""Derived values kept in Django's cache under a key made of everything they are computed from.

A forecast fitted on a client's check-ins, a chart drawn from its numbers, a PDF typeset
from a sheet: each is a pure function of its inputs. `cached` keys the result by a hash
of those inputs, so a change in any of them is a new key and a stale answer is never
served; an old entry simply ages out. Nothing is ever invalidated by hand.

A namespace carries a version (`"plan:v1"`): bump it when the code computing the value
changes shape, for a cache shared across deploys.

The cache is whatever `CACHES` names (by default Django's local-memory cache: one per
process, so each gunicorn worker warms its own). The key parts must include everything
the value depends on *and everything that tells one reader's value from another's*:
a cached value is returned to whoever presents the same parts.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Model, QuerySet

T = TypeVar("T")

# Long enough to matter between two views of a page, short enough that entries of
# records nobody looks at any more leave memory on their own.
TIMEOUT_SECONDS = 6 * 3600
_MISSING = object()
_PROBE = -7_654_321  # a stand-in value while a query is compiled


def version_key(namespace: str, *parts: object) -> str:
    """`namespace:sha256` of the parts: any change in any part is another key.

    Parts are hashed by their pickle, which tells apart values their `str` would not
    (1 and "1", None and "None") and covers dates, tuples and frozen dataclasses.
    """
    digest = hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()
    return f"{namespace}:{digest}"


def table_rows(value: object, *tables: tuple[type[Model], str]) -> tuple[tuple, ...]:
    """Whole rows (every concrete column, by primary key, as the database returns them)
    of each (model, lookup) filtered by `lookup = value`, e.g. `(SessionItem,
    "session__client")` with her profile's pk: key parts that change with any edit, a
    new column included, which a timestamp or a count would miss.

    Each query is compiled once per process; a page pays for the reads alone."""
    with connection.cursor() as cursor:
        found = []
        for model, lookup in tables:
            cursor.execute(_rows_sql(model, lookup), [value])
            found.append(tuple(cursor.fetchall()))
    return tuple(found)


def precompiled_sql(build: Callable[[object], QuerySet], value: object) -> tuple[str, list]:
    """The SQL and parameters of `build(value)`, compiled once per process (see
    `precompiled`), e.g. for `Model.objects.raw`."""
    sql, params = _compiled(build)
    return sql, [value if p == _PROBE else p for p in params]


def precompiled(build: Callable[[object], QuerySet], value: object) -> list[tuple]:
    """The rows of `build(value)`, a `values_list` queryset in which `value` is the only
    input that varies, as the database returns them. Django compiles a query with a few
    subqueries in milliseconds, far longer than the database runs it: `build` is
    compiled once per process and its SQL run with `value` in its place."""
    with connection.cursor() as cursor:
        cursor.execute(*precompiled_sql(build, value))
        return cursor.fetchall()


@functools.cache
def _compiled(build: Callable[[object], QuerySet]) -> tuple[str, tuple]:
    sql, params = build(_PROBE).query.sql_with_params()
    if _PROBE not in params:
        raise ValueError(f"{build.__qualname__}: the value is not a parameter of its query")
    return sql, params


@functools.cache
def _rows_sql(model: type[Model], lookup: str) -> str:
    fields = [f.attname for f in model._meta.concrete_fields]
    queryset = model._base_manager.filter(**{lookup: _PROBE}).order_by("pk")
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    if params != (_PROBE,):  # only the one value may vary: it is passed at each call
        raise ValueError(f"{model.__name__}.{lookup}: one parameter expected, got {params}")
    return sql


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
