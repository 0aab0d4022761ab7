"""Virtual clients with a hidden truth, and what happens when one of them gets a session.

Every number and where it comes from (sources in ../shared/domain.md; "assumption"
where no source gives it) is listed in docs/benchmarks.md, section "Planning engine".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.engine.cautions import contraindicated
from safetouch.engine.relief import dose

# Tight regions: calves, thighs, upper back and biceps are the usual ones (product.md);
# groin and hamstring trouble is common next to an SI joint (domain.md, Saunders 2018).
USUAL = ("calf", "hamstring", "quadriceps", "upper_back", "biceps")
OCCASIONAL = ("gluteal", "adductor", "hip_flexor", "neck", "shoulder", "forearm", "chest")
AVOID = ("sacroiliac_joint_left", "sacroiliac_joint_right", "lower_back")

SHIFT_SD = 0.8  # client-wide sensitivity: PPT 8.5 vs 2.4 kg/cm2 (healthy vs SIJ patients)
REGION_SD = 0.6  # region by region (assumption)
TECHNIQUE_SD = 0.3  # per technique, on top of how much it moves the joint (assumption)
FACE_DOWN_SHARE = 0.15  # clients whose SI locks from upper-back pressure (patient blog)
FACE_DOWN_DROP = 1.8  # how far their upper-back threshold falls, in pressure steps

BACKGROUND = 0.0015  # flare hazard per 10 min of safe work: ~1% per hour (assumption)
ABOVE = 0.6  # extra hazard per 10 min past the threshold (assumption: ~45% per 10 min)
WIDTH = 0.25  # how sharp the threshold is
EASED = 0.75  # the therapist eases off when told "too much": most of the excess avoided
RETURN = 0.7  # share of the relief gone by the next weekly session (assumption)


@dataclass(frozen=True)
class Client:
    """A virtual client: the profile she would tell a therapist, and a hidden truth."""

    cid: int
    tightness: dict[str, float]  # her usual tightness, the level it returns to
    avoid: tuple[str, ...]
    tolerance: float
    shift: float
    threshold: dict[str, float]  # per region, in effective pressure
    technique_load: dict[str, float]  # per technique, effective pressure added
    flag_margin: float  # how far below the threshold she starts to say "too much"
    speaks_up: float  # chance she says it when it is too much
    relief_rate: float  # how well her muscles respond to massage
    face_down: bool = False
    meta: dict = field(default_factory=dict)


def _tight_regions(rng: np.random.Generator) -> dict[str, float]:
    groups = [g for g in USUAL if rng.random() < 0.8]
    groups += [g for g in OCCASIONAL if rng.random() < 0.25]
    out = {}
    for group in groups or ["calf"]:
        ids = [group] if group in REGIONS else [f"{group}_left", f"{group}_right"]
        for rid in ids:
            out[rid] = float(np.clip(rng.normal(5.5, 1.5), 2, 9))
    return out


def prior_threshold(region: str) -> float:
    """Population mean threshold: lower near the SI joint and for back regions face down."""
    reg = REGIONS[region]
    prone = 0.4 if reg.view == "back" and reg.si_proximity < 0.5 else 0.0
    return 6.2 - 3.2 * reg.si_proximity - prone


def make_client(cid: int, seed: int, **overrides) -> Client:
    rng = np.random.default_rng([seed, cid])
    shift = float(rng.normal(0, SHIFT_SD))
    threshold = {r: prior_threshold(r) + shift + rng.normal(0, REGION_SD) for r in REGIONS}
    face_down = bool(rng.random() < FACE_DOWN_SHARE)
    if face_down:
        threshold["upper_back"] -= FACE_DOWN_DROP
    client = Client(
        cid=cid,
        tightness=_tight_regions(rng),
        avoid=AVOID,
        tolerance=0.05,
        shift=shift,
        threshold={r: float(t) for r, t in threshold.items()},
        technique_load={
            t: 2.0 * tech.joint_load + float(rng.normal(0, TECHNIQUE_SD))
            for t, tech in TECHNIQUES.items()
        },
        flag_margin=float(rng.uniform(0.5, 1.5)),
        speaks_up=float(rng.uniform(0.6, 0.95)),
        relief_rate=float(np.exp(rng.normal(0, 0.4))),
        face_down=face_down,
    )
    return replace(client, **overrides)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def excess(client: Client, item: dict) -> float:
    p_eff = item["pressure"] + client.technique_load[item["technique"]]
    return p_eff - client.threshold[item["region"]]


def flag_chance(client: Client, item: dict) -> float:
    return 0.01 + (client.speaks_up - 0.01) * _sigmoid(
        (excess(client, item) + client.flag_margin) / WIDTH
    )


def item_hazard(client: Client, item: dict, flagged: bool | None = None) -> float:
    """Flare hazard of an item; None: expected over whether she flags it."""
    over = _sigmoid(excess(client, item) / WIDTH)
    if flagged is None:
        over *= 1.0 - EASED * flag_chance(client, item)
    elif flagged:
        over *= 1.0 - EASED
    return item["minutes"] / 10.0 * (BACKGROUND + ABOVE * over)


def true_risk(client: Client, items: list[dict]) -> float:
    return -math.expm1(-sum(item_hazard(client, i) for i in items))


def relief_share(client: Client, total_dose: float) -> float:
    hill = client.meta.get("hill")  # the second simulator's saturation (bench/second.py)
    if hill is not None:
        ceiling, half, power = hill
        scaled = (client.relief_rate * total_dose) ** power
        return ceiling * scaled / (scaled + half**power)
    return 0.6 * (1.0 - math.exp(-0.5 * client.relief_rate * total_dose))


def doses(items: list[dict]) -> dict[str, float]:
    out: dict[str, float] = {}
    for i in items:
        out[i["region"]] = out.get(i["region"], 0.0) + dose(
            i["technique"], i["pressure"], i["minutes"]
        )
    return out


def expected_relief(client: Client, before: dict[str, float], items: list[dict]) -> float:
    return sum(before.get(r, 0.0) * relief_share(client, d) for r, d in doses(items).items())


def allowed(client: Client, region: str, technique: str) -> bool:
    """What a careful plan may touch at all: not avoided, not against an SI caution."""
    return region not in client.avoid and not contraindicated(region, technique)


@dataclass
class Outcome:
    flags: list[dict]
    flare: bool
    before: dict[str, float]
    after: dict[str, float]
    relief: float  # expected tightness points relieved, summed over regions
    risk: float  # true flare risk of the plan


def run_session(client: Client, before: dict, items: list[dict], rng) -> Outcome:
    """Give the session: she may flag items, the joints may flare, the muscles loosen."""
    flagged = [rng.random() < flag_chance(client, i) for i in items]
    hazard = sum(item_hazard(client, i, f) for i, f in zip(items, flagged, strict=True))
    flare = bool(rng.random() < -math.expm1(-hazard))
    after = dict(before)
    for region, d in doses(items).items():
        if region in before:
            loosened = before[region] * (1 - relief_share(client, d)) + rng.normal(0, 0.3)
            after[region] = float(np.clip(loosened, 0, 10))
    flags = [
        {k: i[k] for k in ("region", "technique", "pressure")}
        for i, f in zip(items, flagged, strict=True)
        if f
    ]
    relief = expected_relief(client, before, items)
    return Outcome(flags, flare, before, after, relief, true_risk(client, items))


def next_tightness(client: Client, after: dict[str, float], rng) -> dict[str, float]:
    """A week later most of the tightness is back (training, cold, daily life)."""
    out = {}
    for region, usual in client.tightness.items():
        now = after.get(region, usual)
        back = now + RETURN * (usual - now) + rng.normal(0, 0.4)
        out[region] = round(float(np.clip(back, 0, 10)), 1)
    return out
