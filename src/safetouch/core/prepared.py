"""ORM queries built once and run again with other ids.

For the query every page asks (may this viewer see this record?), building the QuerySet
and compiling it to SQL costs more than the database takes to answer. The SQL the ORM
writes for one pair of ids is the SQL for any other pair, so `Prepared` builds the
QuerySet once per database with stand-in ids, keeps the SQL, and on each call swaps the
stand-ins among its parameters for the real ids. The QuerySet stays the one definition
of the query: change it and the SQL follows on the next start.

Rows come back as model instances: their fields converted as the ORM would, their
annotations as the database driver returns them (a date may be a string on SQLite).
Only integer ids can be swapped: every other value in the query is fixed when it is
built, so a query that reads the clock or a setting must not be prepared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Ids no table holds (all are positive), far from any real parameter of a query.
_STAND_IN = -(2**62)


@dataclass(frozen=True)
class _Slot:
    name: str


class Prepared:
    """`build(**ids)` -> QuerySet, compiled once per database; `run(**ids)` -> its rows
    as model instances (annotations as attributes), in the QuerySet's order."""

    def __init__(self, build: Callable[..., QuerySet], *names: str) -> None:
        self._build = build
        self._names = names
        self._compiled: dict[tuple[str, str], tuple[type[Model], str, list]] = {}

    def _compile(self, using: str) -> tuple[type[Model], str, list]:
        stand_ins = {name: _STAND_IN - i for i, name in enumerate(self._names)}
        by_value = {value: name for name, value in stand_ins.items()}
        queryset = self._build(**stand_ins)
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        template = [_Slot(by_value[p]) if type(p) is int and p in by_value else p for p in params]
        missing = set(self._names) - {p.name for p in template if isinstance(p, _Slot)}
        if missing:
            raise ValueError(f"the prepared query never uses {sorted(missing)}")
        return queryset.model, sql, template

    def run(self, *, using: str = DEFAULT_DB_ALIAS, **ids: int) -> list[Model]:
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(using)
        model, sql, template = compiled
        params = [int(ids[p.name]) if isinstance(p, _Slot) else p for p in template]
        return list(model._default_manager.db_manager(using).raw(sql, params))
