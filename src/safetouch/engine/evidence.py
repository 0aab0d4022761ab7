"""What the history says about each (region, technique, pressure), and her routine.

"Tolerated" here is exact: an item of that technique at that pressure on that region,
in a session with no flare (`flare` false) and no too-much flag on that region. Every
claim the engine words ("deep tissue at 4 tolerated in 2 sessions") is counted here.
Her routine is what she tolerated most recently: the items of the last such session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safetouch.engine.validate import Item, Session


@dataclass(frozen=True)
class Evidence:
    # (region, technique, pressure) -> number of sessions it was tolerated in
    tolerated: dict[tuple[str, str, int], int] = field(default_factory=dict)
    worked: frozenset[str] = frozenset()  # every region worked in any session
    routine: dict[str, Item] = field(default_factory=dict)  # region -> her usual item
    routine_date: str | None = None
    last: dict[str, tuple[Item, ...]] = field(default_factory=dict)  # last session, by region
    # region -> (main item, date, session index) of the last session that flared after it
    flared: dict[str, tuple[Item, str | None, int]] = field(default_factory=dict)

    def count(self, region: str, technique: str, pressure: int) -> int:
        return self.tolerated.get((region, technique, pressure), 0)

    def on_region(self, region: str) -> list[tuple[str, int, int]]:
        """(technique, pressure, sessions) tolerated on `region`, deepest first."""
        rows = [(t, p, n) for (r, t, p), n in self.tolerated.items() if r == region]
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))


def tolerated_items(session: Session) -> list[Item]:
    """The items of `session` that count as tolerated (see the module docstring)."""
    if session.flare is not False:
        return []
    flagged = {f.region for f in session.too_much}
    return [i for i in session.items if i.region not in flagged]


def main_items(items: list[Item] | tuple[Item, ...]) -> dict[str, Item]:
    """One item per region: the longest (the first of equals), as a therapist sums it up."""
    out: dict[str, Item] = {}
    for item in items:
        known = out.get(item.region)
        if known is None or item.minutes > known.minutes:
            out[item.region] = item
    return out


def _by_region(items: tuple[Item, ...]) -> dict[str, tuple[Item, ...]]:
    out: dict[str, list[Item]] = {}
    for item in items:
        out.setdefault(item.region, []).append(item)
    return {region: tuple(rows) for region, rows in out.items()}


def gather(history: tuple[Session, ...]) -> Evidence:
    tolerated: dict[tuple[str, str, int], int] = {}
    routine, routine_date, flared = [], None, {}
    for index, session in enumerate(history):
        if session.flare is True:
            for region, item in main_items(session.items).items():
                flared[region] = (item, session.date, index)
        good = tolerated_items(session)
        for key in {(i.region, i.technique, i.pressure) for i in good}:
            tolerated[key] = tolerated.get(key, 0) + 1
        if good:
            routine, routine_date = good, session.date
    return Evidence(
        tolerated=tolerated,
        worked=frozenset(i.region for s in history for i in s.items),
        routine=main_items(routine),
        routine_date=routine_date,
        last=_by_region(history[-1].items) if history else {},
        flared=flared,
    )
