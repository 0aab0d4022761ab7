"""The stretch library: SI-safe defaults with cautions, and the stretches to avoid.

Plain data shared by the routine page and the check-in. The choices and cautions come
from ../shared/domain.md (Serola's rules: knees no closer than 45 degrees to the chest,
no knee across the midline, no trunk twist past 25 degrees, no lumbo-pelvic traction).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    how: str  # one sentence a client can follow
    caution: str  # what keeps it safe for a hypermobile SI joint (or why it is not)
    regions: tuple[str, ...]  # region groups it loosens (catalog Region.group)
    hold_seconds: int
    si_safe: bool  # False: never offered for a routine


STRETCHES: MappingProxyType[str, Stretch] = MappingProxyType(
    {
        s.id: s
        for s in [
            Stretch(
                "single_knee_to_chest",
                "Single knee-to-chest",
                "Lying on your back, draw one knee gently towards the chest; the other leg "
                "stays bent with the foot flat.",
                "One knee at a time, and stop before the knee comes closer than 45 degrees "
                "to the chest.",
                ("gluteal", "lower_back"),
                30,
                True,
            ),
            Stretch(
                "supine_hamstring",
                "Supine hamstring stretch",
                "Lying on your back, raise one straight leg with a strap or against a "
                "doorframe until you feel a mild stretch behind the thigh.",
                "Only lying down, pelvis flat on the floor; never seated or standing.",
                ("hamstring",),
                30,
                True,
            ),
            Stretch(
                "side_lying_quadriceps",
                "Side-lying quadriceps stretch",
                "Lying on your side, hold the top ankle and bring the heel towards the buttock.",
                "Keep the pelvis neutral: do not arch the low back or pull the knee behind "
                "the hip.",
                ("quadriceps", "hip_flexor"),
                30,
                True,
            ),
            Stretch(
                "calf_wall",
                "Calf wall stretch",
                "Hands on a wall, one foot back with the heel down, lean gently forward.",
                "Short stance, feet hip-width apart and pointing forward; no lunge.",
                ("calf",),
                30,
                True,
            ),
            Stretch(
                "gentle_figure_4",
                "Gentle figure-4",
                "Lying on your back, rest one ankle on the other knee and let the knee open "
                "a little.",
                "Small range, no pulling the thigh in; stop well short of a pigeon pose.",
                ("gluteal",),
                20,
                True,
            ),
            Stretch(
                "doorway_chest",
                "Doorway chest stretch",
                "Forearms on a doorframe at shoulder height, step forward until the chest opens.",
                "Small step, keep the ribs down and the low back neutral.",
                ("chest", "shoulder", "upper_back"),
                30,
                True,
            ),
            Stretch(
                "doorway_biceps",
                "Doorway biceps stretch",
                "One straight arm on a doorframe at shoulder height, palm forward, turn the "
                "body gently away.",
                "Turn from the feet, not the trunk.",
                ("biceps", "forearm"),
                30,
                True,
            ),
            Stretch(
                "double_knee_to_chest",
                "Double knee-to-chest",
                "Both knees pulled to the chest at once.",
                "Not for hypermobile SI joints: it gaps the joints and brings the knees "
                "closer than 45 degrees to the chest.",
                ("lower_back", "gluteal"),
                30,
                False,
            ),
            Stretch(
                "toe_touch",
                "Seated or standing toe touch",
                "Bending forward to the toes with straight legs.",
                "Not for hypermobile SI joints: it pulls the sacrotuberous ligament through "
                "the hamstrings; stretch them lying down instead.",
                ("hamstring",),
                30,
                False,
            ),
            Stretch(
                "pigeon",
                "Pigeon pose",
                "One shin across the front of the mat, the other leg straight behind.",
                "Not for hypermobile SI joints: it twists the pelvis with the knee across "
                "the midline; use a gentle figure-4 instead.",
                ("gluteal", "hip_flexor"),
                30,
                False,
            ),
            Stretch(
                "deep_twist",
                "Deep spinal twist",
                "Lying or seated, the knees dropped to one side and the trunk turned far the "
                "other way.",
                "Not for hypermobile SI joints: twists past 25 degrees shear the joint.",
                ("lower_back", "gluteal"),
                30,
                False,
            ),
        ]
    }
)

# The one word for a stretch that is not for hypermobile SI joints, on every page.
UNSAFE_VERDICT = "Avoid"

SAFE_STRETCHES: tuple[Stretch, ...] = tuple(s for s in STRETCHES.values() if s.si_safe)
UNSAFE_STRETCHES: tuple[Stretch, ...] = tuple(s for s in STRETCHES.values() if not s.si_safe)
DEFAULT_ROUTINE: tuple[str, ...] = (
    "calf_wall",
    "supine_hamstring",
    "side_lying_quadriceps",
    "doorway_biceps",
)


def stretch_name(stretch_id: str) -> str:
    return STRETCHES[stretch_id].name


def stretches_for(region_groups: set[str]) -> list[Stretch]:
    """The safe stretches that loosen any of the given region groups, library order."""
    return [s for s in SAFE_STRETCHES if region_groups.intersection(s.regions)]
