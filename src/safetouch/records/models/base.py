"""What the record's models share: the catalog's choices and the append-only guard."""

from __future__ import annotations

from django.db.models import Q

from safetouch.engine.catalog import POSITIONS, REGIONS, TECHNIQUES

REGION_CHOICES = [(r.id, r.name) for r in REGIONS.values()]
TECHNIQUE_CHOICES = [(t.id, t.name) for t in TECHNIQUES.values()]
POSITION_CHOICES = [(p.id, p.name) for p in POSITIONS.values()]
PRESSURE_CHOICES = [(p, str(p)) for p in range(1, 6)]


def choice_in(field: str, choices: list[tuple[str, str]]) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices]})


class AppendOnly(Exception):
    """Raised on any attempt to change or remove an append-only row: an audit row or a
    change to her limits."""
