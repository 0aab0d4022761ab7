"""ORM queries built once and run again with other values.

For the queries every page asks (whose session is this, may she see this record?),
building the QuerySet and compiling it to SQL costs more than the database takes to
answer. The SQL the ORM writes for one id is the SQL for any other, so `Prepared`
builds the QuerySet once per database with stand-in values, keeps the SQL, and on each
call swaps the stand-ins among its parameters for the real values. The QuerySet stays
the one definition of the query: change it and the SQL follows on the next start.

The values that can be swapped are named with their kind: an id (`int`), a text
(`str`, compared as it is: not in a case-insensitive lookup) or a moment
(`datetime.datetime`, aware, compared with a `DateTimeField`). Everything else in the
query is fixed when it is built, so a value read from the clock or a setting must be
one of them.

Rows come back as model instances: their fields converted as the ORM would, their
annotations as the database driver returns them (a date may be a string on SQLite).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

KINDS = (int, str, dt.datetime)


def _stand_in(kind: type, n: int) -> object:
    """A value no row holds and no query writes by itself."""
    if kind is int:
        return -(2**62) - n  # ids are positive
    if kind is str:
        # With a LIKE wildcard in it: a lookup that escapes or wraps the text (iexact,
        # contains on some databases) writes another parameter, and is refused below.
        return f"\x1f%stand-in_{n}\x1f"
    return dt.datetime(1001, 1, 1, 1, 1, n % 60, 1001, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Slot:
    name: str
    kind: type


class Prepared:
    """`build(**values)` -> QuerySet, compiled once per database; `run(**values)` -> its
    rows as model instances (annotations as attributes), in the QuerySet's order.

        Prepared(lambda user_id: Profile.objects.filter(user_id=user_id), user_id=int)
    """

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        if not kinds or any(kind not in KINDS for kind in kinds.values()):
            raise TypeError(f"name each value with its kind, one of {KINDS}")
        self._build = build
        self._kinds = kinds
        self._compiled: dict[tuple[str, str], tuple[type[Model], str, list]] = {}

    def _compile(self, using: str) -> tuple[type[Model], str, list]:
        ops = connections[using].ops
        stand_ins = {
            name: _stand_in(kind, n) for n, (name, kind) in enumerate(self._kinds.items())
        }
        # As the compiled query holds them: a moment adapted for this database.
        written = {
            (type(value), ops.adapt_datetimefield_value(value))
            if isinstance(value, dt.datetime)
            else (type(value), value): name
            for name, value in stand_ins.items()
        }
        queryset = self._build(**stand_ins)
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        template = []
        for param in params:
            name = written.get((dt.datetime, param)) or written.get((type(param), param))
            template.append(_Slot(name, self._kinds[name]) if name else param)
        missing = set(self._kinds) - {p.name for p in template if isinstance(p, _Slot)}
        if missing:
            raise ValueError(f"the prepared query never uses {sorted(missing)}")
        return queryset.model, sql, template

    def run(self, *, using: str = DEFAULT_DB_ALIAS, **values: object) -> list[Model]:
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(using)
        model, sql, template = compiled
        params = [
            _value(connection, p.kind, values[p.name]) if isinstance(p, _Slot) else p
            for p in template
        ]
        return list(model._default_manager.db_manager(using).raw(sql, params))


def _value(connection, kind: type, value: object) -> object:
    if kind is int:
        return int(value)
    if kind is str:
        return str(value)
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise TypeError(f"a moment must be an aware datetime, not {value!r}")
    return connection.ops.adapt_datetimefield_value(value)
