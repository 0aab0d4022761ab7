"""Her plan as the pages show it: plan lines, exclusions and changes with the names a
person reads, and the plan map's regions and colours. Plain data, no queries but the
plan map's zones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from safetouch.clients.bodymap import BACK_X, SHAPES, silhouette
from safetouch.clients.selectors import zone_map
from safetouch.engine import change_summary, exclusion_parts, grouped_exclusions
from safetouch.engine.catalog import PRESSURE_LABELS, REGIONS, TECHNIQUES
from safetouch.records.models import ZoneRule
from safetouch.records.types import Record


@dataclass(frozen=True)
class PlanItem:
    """One line of a plan, with the names a person reads."""

    region: str
    technique: str
    pressure: int
    minutes: int
    why: str = ""
    refusal: str | None = None
    was: str = ""  # the planner's own item, as key(), when she may have changed it

    @property
    def key(self) -> str:
        return f"{self.region}|{self.technique}|{self.pressure}|{self.minutes}"

    @property
    def changed(self) -> bool:
        return bool(self.was) and self.was != self.key

    @property
    def reason(self) -> str:
        """The planner's reason, or, once changed by hand, what the planner had proposed."""
        if not self.changed:
            return self.why
        region, technique, pressure, minutes = self.was.split("|")
        return (
            f"changed by hand; the planner proposed {REGIONS[region].name.lower()}, "
            f"{TECHNIQUES[technique].name.lower()} at pressure {pressure} for {minutes} min"
        )

    @property
    def region_name(self) -> str:
        return REGIONS[self.region].name

    @property
    def technique_name(self) -> str:
        return TECHNIQUES[self.technique].name

    @property
    def pressure_label(self) -> str:
        return PRESSURE_LABELS[self.pressure]


@dataclass(frozen=True)
class Excluded:
    region: str
    technique: str | None
    reason: str

    @property
    def region_name(self) -> str:
        return REGIONS[self.region].name if self.region in REGIONS else self.region

    @property
    def technique_name(self) -> str:
        return TECHNIQUES[self.technique].name if self.technique else "any technique"


@dataclass(frozen=True)
class PlanChange:
    """One line of "since last time": the engine's `changes` entry, with names to read."""

    region: str
    technique: str
    change: str  # kept, lighter, deeper, new, dropped or switched
    reason: str
    before: dict | None = None  # the contract's "from"
    after: dict | None = None  # the contract's "to"

    @classmethod
    def of(cls, entry: dict) -> PlanChange:
        return cls(
            entry["region"],
            entry["technique"],
            entry["change"],
            entry["reason"],
            entry.get("from"),
            entry.get("to"),
        )

    @property
    def region_name(self) -> str:
        return REGIONS[self.region].name

    @property
    def summary(self) -> str:
        entry = {"from": self.before, "to": self.after}
        return change_summary({k: v for k, v in entry.items() if v is not None})


@dataclass(frozen=True)
class ExclusionGroup:
    technique_name: str
    reason: str
    where: str


@dataclass(frozen=True)
class Plan:
    """A plan as the pages show it: the engine's, or one she adjusted and had re-checked."""

    items: list[PlanItem]
    minutes: int
    risk_tolerance: float
    flare_risk: float | None
    expected_relief: float | None
    excluded: list[Excluded] = field(default_factory=list)
    adjusted: bool = False
    problems: list[str] = field(default_factory=list)  # refusals of the plan as a whole
    changes: list[PlanChange] = field(default_factory=list)  # against her last session
    last_date: dt.date | None = None  # of her last session, which `changes` compares with
    learned_from: str = ""  # which population the plan used, and over how many clients
    adjusted_by: str = ""  # who saved this adjusted plan as her next-session plan
    adjusted_on: dt.datetime | None = None
    saved_dropped: bool = False  # a saved plan breaks her limits now: the engine's instead
    # The engine's own answer, in the contract's shape, when this is the engine's plan.
    response: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def refusals(self) -> list[str]:
        own = [item.refusal for item in self.items if item.refusal]
        return own + self.problems

    @property
    def excluded_groups(self) -> list[ExclusionGroup]:
        """One line per reason instead of one per region (the engine's grouping)."""
        rows = [
            {"region": e.region, "technique": e.technique, "reason": e.reason}
            for e in self.excluded
        ]
        return [ExclusionGroup(*exclusion_parts(g)) for g in grouped_exclusions(rows)]

    @property
    def changed(self) -> list[PlanChange]:
        """What differs from her last session, for a therapist who knows her routine."""
        return [c for c in self.changes if c.change != "kept"]

    @property
    def kept(self) -> list[PlanChange]:
        return [c for c in self.changes if c.change == "kept"]

    @property
    def changed_but_new(self) -> list[PlanChange]:
        """For the one-page sheet: a new item's reason is its "why" in the plan table."""
        return [c for c in self.changed if c.change != "new"]

    @property
    def added(self) -> list[PlanChange]:
        return [c for c in self.changes if c.change == "new"]

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def over_tolerance(self) -> bool:
        return self.flare_risk is not None and self.flare_risk > self.risk_tolerance

    @property
    def flare_percent(self) -> float | None:
        return None if self.flare_risk is None else self.flare_risk * 100

    @property
    def tolerance_percent(self) -> float:
        return self.risk_tolerance * 100


def excluded_of(entry: dict) -> Excluded:
    return Excluded(entry.get("region", ""), entry.get("technique"), entry.get("reason", ""))


# Plan map colours by pressure, light to dark, with a label colour readable on each.
PRESSURE_FILLS = {
    1: ("#e3f0fb", "#173f73"),
    2: ("#b5d6f2", "#173f73"),
    3: ("#6fa8dc", "#0b2545"),
    4: ("#2f6fb3", "#ffffff"),
    5: ("#173f73", "#ffffff"),
}


@dataclass(frozen=True)
class MapRegion:
    """One region of the plan map: hatched if never touched, coloured by planned pressure."""

    shape: object
    kind: str  # "avoid", "planned" or "none"
    fill: str
    stroke: str
    label: str
    label_fill: str
    title: str


def _map_region(shape, zone, item: PlanItem | None) -> MapRegion:
    if zone is not None and zone.rule == ZoneRule.Rule.AVOID:
        return MapRegion(
            shape, "avoid", "", "#b3261e", "✕", "#7a1410", f"{shape.name}: never touch"
        )
    if item is not None:
        fill, ink = PRESSURE_FILLS[item.pressure]
        title = (
            f"{shape.name}: {item.technique_name}, pressure {item.pressure}, {item.minutes} min"
        )
        stroke = "#b3261e" if item.refusal else "#0b2545"
        return MapRegion(shape, "planned", fill, stroke, str(item.pressure), ink, title)
    return MapRegion(shape, "none", "#ffffff", "#9c9087", "", "", f"{shape.name}: not planned")


def plan_map_context(record: Record, plan: Plan | None) -> dict:
    """What the plan map partial needs: the front and back views, every region with how
    the plan treats it (drawn like the body map: two SVGs side by side)."""
    zones = zone_map(record)
    items = {item.region: item for item in plan.items} if plan else {}
    regions = [_map_region(s, zones.get(s.region), items.get(s.region)) for s in SHAPES]
    views = [
        {
            "name": view,
            "x": BACK_X if view == "back" else 0,
            "body": silhouette(view),
            "regions": [m for m in regions if m.shape.view == view],
        }
        for view in ("front", "back")
    ]
    return {
        "map_views": views,
        "pressure_fills": [(p, fill, ink) for p, (fill, ink) in PRESSURE_FILLS.items()],
    }
