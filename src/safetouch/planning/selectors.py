"""The adapter between a client's records and the engine: her request, and its plan.

`engine_request(client, minutes)` is the one place that turns the database into the
engine contract (../shared/engine-contract.md); the web page, the hand-off sheet and the
API all call it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Prefetch

from safetouch.clients.bodymap import BACK_X, SHAPES, silhouette
from safetouch.clients.limits import Limits
from safetouch.clients.models import ClientProfile, ZoneRule
from safetouch.clients.selectors import zone_map
from safetouch.engine import recommend
from safetouch.engine.catalog import PRESSURE_LABELS, REGIONS, TECHNIQUES
from safetouch.treatments.models import MassageSession, SessionItem, Tightness

DEFAULT_MINUTES = 45
# A focus zone she has never rated is still where she wants the work: assume middling
# tightness, so the planner weighs it without it outranking regions she rated high.
UNRATED_FOCUS_TIGHTNESS = 5


def default_minutes(client: ClientProfile) -> int:
    """Her usual hands-on time: the last session's, or 45 minutes."""
    last = client.sessions.order_by("-date", "-id").values_list("minutes", flat=True).first()
    return min(max(last or DEFAULT_MINUTES, 10), 180)


def _history(client: ClientProfile):
    return (
        MassageSession.objects.for_client(client)
        .select_related("outcome")
        .prefetch_related(
            Prefetch("items", queryset=SessionItem.objects.order_by("id")),
            Prefetch("tightness", queryset=Tightness.objects.order_by("region")),
        )
        .order_by("date", "id")
    )


def current_tightness(client: ClientProfile, sessions: list[MassageSession]) -> dict[str, int]:
    """Tightness per region as she last reported it before a session (0-10).

    The reading before a session is what the next session will face; the day-after
    reading is tightness just relieved, which creeps back. Unrated focus zones count 5.
    """
    avoided = set(client.zones.avoided().values_list("region", flat=True))
    tightness = {
        zone.region: UNRATED_FOCUS_TIGHTNESS
        for zone in client.zones.all()
        if zone.rule == ZoneRule.Rule.FOCUS
    }
    for session in sessions:  # oldest first, so later readings win
        for row in session.tightness.all():
            if row.before is not None:
                tightness[row.region] = row.before
    return {region: t for region, t in sorted(tightness.items()) if region not in avoided}


def _session_entry(session: MassageSession) -> dict:
    items = list(session.items.all())
    entry = {
        "date": session.date.isoformat(),
        "items": [
            {
                "region": i.region,
                "technique": i.technique,
                "pressure": i.pressure,
                "minutes": i.minutes,
            }
            for i in items
        ],
        "too_much": [
            {"region": i.region, "technique": i.technique, "pressure": i.pressure}
            for i in items
            if i.too_much
        ],
    }
    outcome = getattr(session, "outcome", None)
    if outcome is not None:  # not reported yet: leave it out, it is no evidence either way
        entry["flare"] = outcome.flare
    readings = list(session.tightness.all())
    before = {t.region: t.before for t in readings if t.before is not None}
    after = {t.region: t.after for t in readings if t.after is not None}
    if before:
        entry["tightness_before"] = before
    if after:
        entry["tightness_after"] = after
    return entry


def _ban(technique: str, region: str) -> dict:
    return {"technique": technique, "region": region} if region else {"technique": technique}


def engine_request(client: ClientProfile, minutes: int, *, history=None) -> dict:
    """The engine request for her next session of `minutes` hands-on minutes.

    `history`: her sessions oldest first with their items, tightness and outcome,
    when the caller has them loaded already (the FHIR export); else they are read here.
    """
    limits = Limits.of(client)
    sessions = [s for s in (_history(client) if history is None else history) if s.items.all()]
    return {
        "client": {
            "avoid": sorted(limits.avoid),
            "max_pressure": dict(sorted(limits.caps.items())),
            "banned": [_ban(t, r) for t, r in sorted(limits.banned)],
            "tightness": current_tightness(client, sessions),
            "risk_tolerance": client.risk_tolerance,
        },
        "history": [_session_entry(s) for s in sessions],
        "minutes": minutes,
    }


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

    @property
    def refusals(self) -> list[str]:
        own = [item.refusal for item in self.items if item.refusal]
        return own + self.problems

    @property
    def excluded_groups(self) -> list[tuple[str, str, list[str]]]:
        """(technique, reason, regions): one line per reason instead of one per region."""
        groups: dict[tuple[str, str], list[str]] = {}
        for entry in self.excluded:
            key = (entry.technique_name, entry.reason)
            groups.setdefault(key, []).append(entry.region_name)
        return [(technique, reason, regions) for (technique, reason), regions in groups.items()]

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


def _excluded(entry: dict) -> Excluded:
    return Excluded(entry.get("region", ""), entry.get("technique"), entry.get("reason", ""))


def plan_for(request: dict) -> dict:
    """recommend(request), remembered per process: the engine is pure, so the same
    request always has the same answer, and a page shown again costs no solver run."""
    return json.loads(_plan_json(json.dumps(request, sort_keys=True)))


@lru_cache(maxsize=512)
def _plan_json(request_json: str) -> str:
    return json.dumps(recommend(json.loads(request_json)))


def proposed_plan(client: ClientProfile, minutes: int | None = None) -> Plan:
    """The engine's plan for her next session; raises EngineError if her records break
    the contract (they cannot through the web forms, but the message names the field)."""
    minutes = minutes or default_minutes(client)
    response = plan_for(engine_request(client, minutes))
    return Plan(
        items=[PlanItem(**item) for item in response["items"]],
        minutes=minutes,
        risk_tolerance=client.risk_tolerance,
        flare_risk=response["flare_risk"],
        expected_relief=response["expected_relief"],
        excluded=[_excluded(entry) for entry in response["excluded"]],
    )


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


def plan_map_context(client: ClientProfile, plan: Plan | None) -> dict:
    """What the plan map partial needs: the front and back views, every region with how
    the plan treats it (drawn like the body map: two SVGs side by side)."""
    zones = zone_map(client)
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
