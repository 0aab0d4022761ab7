"""The catalog: body regions, massage techniques and positions SafeTouch knows.

Plain data shared by the engine and the web app. Figures and cautions come from
../shared/domain.md; SNOMED CT codes only where ../shared/interop-security.md marks
them verified (V), otherwise None and exports fall back to our local code system.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    view: str  # "front" or "back": where it is drawn on the body map
    side: str  # "left", "right" or "center"
    group: str  # the region without its side, e.g. "calf"
    si_proximity: float  # 0 far from the SI joints .. 1 the joint itself
    snomed: str | None = None
    snomed_display: str | None = None


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    purpose: str
    pressure_min: int
    pressure_max: int
    joint_load: float  # 0 no load on the SI joints .. 1 moves the joint itself
    si_caution: str


@dataclass(frozen=True)
class Position:
    id: str
    name: str
    description: str
    prone: bool  # face down: loads the pelvis, keep short for an unstable SI joint


# (group, display name, view, SI proximity, SNOMED code, SNOMED display)
_PAIRED = [
    ("sacroiliac_joint", "SI joint", "back", 1.0, "39723000", "Sacroiliac joint structure"),
    ("gluteal", "gluteal", "back", 0.8, "46862004", "Buttock structure"),
    ("hip_flexor", "hip flexor", "front", 0.6, None, None),
    ("adductor", "adductor", "front", 0.6, None, None),
    ("hamstring", "hamstring", "back", 0.5, None, None),
    ("quadriceps", "quadriceps", "front", 0.3, None, None),
    ("calf", "calf", "back", 0.15, None, None),
    ("shin", "shin", "front", 0.1, None, None),
    ("foot", "foot", "front", 0.05, None, None),
    ("shoulder", "shoulder", "front", 0.1, "16982005", "Shoulder region structure"),
    ("biceps", "biceps", "front", 0.05, None, None),
    ("triceps", "triceps", "back", 0.05, None, None),
    ("forearm", "forearm", "front", 0.02, None, None),
    ("chest", "chest", "front", 0.1, None, None),
]

_CENTER = [
    ("neck", "Neck", "back", 0.1, "45048000", "Neck structure"),
    ("upper_back", "Upper back", "back", 0.3, "1141986006", "Thoracic vertebral column region"),
    ("lower_back", "Lower back", "back", 0.9, "37822005", "Lower back structure"),
]


def _build_regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for group, name, view, prox, code, display in _CENTER:
        regions[group] = Region(group, name, view, "center", group, prox, code, display)
    for group, name, view, prox, code, display in _PAIRED:
        for side in ("left", "right"):
            rid = f"{group}_{side}"
            label = f"{side.capitalize()} {name}"
            regions[rid] = Region(rid, label, view, side, group, prox, code, display)
    return regions


REGIONS: MappingProxyType[str, Region] = MappingProxyType(_build_regions())

TECHNIQUES: MappingProxyType[str, Technique] = MappingProxyType(
    {
        t.id: t
        for t in [
            Technique(
                "effleurage",
                "Effleurage",
                "long gliding strokes to warm up and calm",
                1,
                3,
                0.05,
                "Safe everywhere at light pressure.",
            ),
            Technique(
                "petrissage",
                "Petrissage",
                "kneading to loosen a tight muscle belly",
                2,
                4,
                0.15,
                "Keep it on the muscle belly, away from the sacrum.",
            ),
            Technique(
                "friction",
                "Friction",
                "small circular or cross-fibre strokes on one spot",
                2,
                5,
                0.3,
                "Never cross-fibre friction over the SI or lumbar ligaments.",
            ),
            Technique(
                "deep_tissue",
                "Deep tissue",
                "slow deep strokes into deeper layers",
                4,
                5,
                0.45,
                "Limbs and upper back only; cap at 3-4 near the pelvis.",
            ),
            Technique(
                "trigger_point",
                "Trigger point",
                "sustained pressure on a knot, 30 s to 1 min",
                3,
                5,
                0.35,
                "Not on the glutes or piriformis next to the SI joint.",
            ),
            Technique(
                "myofascial_release",
                "Myofascial release",
                "slow sustained stretch of fascia",
                2,
                3,
                0.2,
                "Gentle; hold 60-120 s, no traction on the pelvis.",
            ),
            Technique(
                "tapotement",
                "Tapotement",
                "rhythmic tapping to stimulate",
                2,
                3,
                0.35,
                "Not on the back or pelvis: the jolts reach the joint.",
            ),
            Technique(
                "vibration",
                "Vibration",
                "shaking or vibrating a limb to relax it",
                1,
                3,
                0.15,
                "Limbs only.",
            ),
            Technique(
                "assisted_stretch",
                "Assisted stretch",
                "therapist moves a limb into a stretch",
                2,
                3,
                0.6,
                "Only SI-safe stretches; no hip or hamstring PNF.",
            ),
            Technique(
                "joint_mobilization",
                "Joint mobilization",
                "moving a joint through its play",
                2,
                5,
                1.0,
                "Never on the SI joints, lumbar spine or hips of a hypermobile client.",
            ),
            Technique(
                "cupping",
                "Cupping",
                "suction cups lift the tissue",
                2,
                4,
                0.25,
                "Not over the low back, sacrum or a sprained ligament.",
            ),
            Technique(
                "hot_stone",
                "Hot stone",
                "heated stones to relax muscle",
                2,
                4,
                0.2,
                "No heat on the low back; stones at 120-130 F.",
            ),
            Technique(
                "lymphatic_drainage",
                "Lymphatic drainage",
                "very light rhythmic strokes",
                1,
                1,
                0.02,
                "Safe: the lightest touch.",
            ),
            Technique(
                "instrument_assisted",
                "Instrument assisted (IASTM)",
                "a tool scrapes along muscle",
                2,
                4,
                0.3,
                "Limbs only, on muscle, never on bone or joint.",
            ),
        ]
    }
)

POSITIONS: MappingProxyType[str, Position] = MappingProxyType(
    {
        p.id: p
        for p in [
            Position(
                "side_lying",
                "Side-lying, pillow between the knees",
                "Lying on one side with a pillow between the knees keeps the pelvis level.",
                False,
            ),
            Position(
                "supine_bolster",
                "On the back, bolster under the knees",
                "Face up with a bolster under the knees takes the strain off the low back.",
                False,
            ),
            Position(
                "prone_bolsters",
                "Face down with bolsters, kept short",
                "Bolsters under the ankles, pelvis and sternum; face down time kept short.",
                True,
            ),
            Position(
                "seated",
                "Seated",
                "Sitting upright in a massage chair or on a stool; feet flat.",
                False,
            ),
        ]
    }
)

PRESSURE_LABELS: MappingProxyType[int, str] = MappingProxyType(
    {
        1: "light lotioning",
        2: "heavy lotioning",
        3: "Swedish relaxation",
        4: "deep",
        5: "deepest",
    }
)


def region_name(region_id: str) -> str:
    return REGIONS[region_id].name


def technique_name(technique_id: str) -> str:
    return TECHNIQUES[technique_id].name
