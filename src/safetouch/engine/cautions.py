"""SI cautions from domain.md: which techniques never go on which regions, and body order.

Kept apart from the shared catalog so the engine's clinical rules live with the engine.
"""

from __future__ import annotations

from types import MappingProxyType

from safetouch.engine.catalog import REGIONS

# Technique -> region groups where domain.md says not to use it on a hypermobile SI
# client. The SI joint itself is never massaged: massage is for muscles, not the joint.
_SPINE_PELVIS = frozenset({"sacroiliac_joint", "lower_back"})
CONTRAINDICATED: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "joint_mobilization": _SPINE_PELVIS | {"gluteal", "hip_flexor", "adductor"},
        "friction": _SPINE_PELVIS,
        "deep_tissue": _SPINE_PELVIS | {"neck"},
        "trigger_point": _SPINE_PELVIS | {"gluteal"},
        "tapotement": _SPINE_PELVIS | {"upper_back", "gluteal"},
        "vibration": _SPINE_PELVIS | {"upper_back", "gluteal", "neck", "chest"},
        "assisted_stretch": _SPINE_PELVIS | {"gluteal", "hip_flexor", "adductor"},
        "cupping": _SPINE_PELVIS,
        "hot_stone": _SPINE_PELVIS,
        "instrument_assisted": _SPINE_PELVIS | {"neck", "upper_back", "gluteal", "chest"},
    }
)

# Head to toe, the order a therapist works a side of the body in.
HEAD_TO_TOE: tuple[str, ...] = (
    "neck",
    "shoulder",
    "upper_back",
    "chest",
    "biceps",
    "triceps",
    "forearm",
    "lower_back",
    "sacroiliac_joint",
    "gluteal",
    "hip_flexor",
    "adductor",
    "quadriceps",
    "hamstring",
    "calf",
    "shin",
    "foot",
)


def contraindicated(region_id: str, technique_id: str) -> bool:
    """True when domain.md advises against the technique on the region for an unstable SI."""
    group = REGIONS[region_id].group
    return group == "sacroiliac_joint" or group in CONTRAINDICATED.get(technique_id, ())
