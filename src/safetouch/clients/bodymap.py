"""The body map drawn for SafeTouch: front and back silhouettes with one shape a region.

Front view faces the reader, so the client's right is on the reader's left; the back
view is seen from behind, so her left is on the left. Both views say so on the map.
"""

from __future__ import annotations

from dataclasses import dataclass

from safetouch.engine.catalog import REGIONS

BACK_X = 230  # the back view is drawn to the right of the front view
WIDTH, HEIGHT = 430, 430

# Region id -> (x, y, width, height, corner radius) in the view's own coordinates.
_FRONT = {
    "shoulder_right": (44, 58, 26, 26, 12),
    "shoulder_left": (130, 58, 26, 26, 12),
    "chest_right": (71, 62, 28, 40, 8),
    "chest_left": (101, 62, 28, 40, 8),
    "biceps_right": (38, 88, 20, 52, 9),
    "biceps_left": (142, 88, 20, 52, 9),
    "forearm_right": (30, 146, 20, 58, 9),
    "forearm_left": (150, 146, 20, 58, 9),
    "hip_flexor_right": (70, 160, 28, 26, 8),
    "hip_flexor_left": (102, 160, 28, 26, 8),
    "quadriceps_right": (66, 190, 24, 86, 11),
    "quadriceps_left": (110, 190, 24, 86, 11),
    "adductor_right": (91, 190, 8, 66, 4),
    "adductor_left": (101, 190, 8, 66, 4),
    "shin_right": (72, 290, 22, 80, 10),
    "shin_left": (106, 290, 22, 80, 10),
    "foot_right": (66, 376, 28, 18, 8),
    "foot_left": (106, 376, 28, 18, 8),
}
_BACK = {
    "neck": (90, 44, 20, 16, 5),
    "upper_back": (66, 62, 68, 66, 12),
    "triceps_left": (40, 88, 20, 52, 9),
    "triceps_right": (140, 88, 20, 52, 9),
    "lower_back": (72, 130, 56, 32, 8),
    "gluteal_left": (64, 164, 21, 44, 10),
    "sacroiliac_joint_left": (86, 164, 13, 28, 5),
    "sacroiliac_joint_right": (101, 164, 13, 28, 5),
    "gluteal_right": (115, 164, 21, 44, 10),
    "hamstring_left": (66, 212, 30, 70, 12),
    "hamstring_right": (104, 212, 30, 70, 12),
    "calf_left": (70, 292, 24, 72, 11),
    "calf_right": (106, 292, 24, 72, 11),
}

# The grey body under the regions, the same for both views: (x, y, w, h, r).
SILHOUETTE = [
    (80, 6, 40, 40, 20),  # head
    (90, 40, 20, 22, 6),  # neck
    (60, 56, 80, 154, 24),  # torso and pelvis
    (34, 62, 28, 84, 13),  # upper arms
    (138, 62, 28, 84, 13),
    (26, 140, 28, 72, 13),  # forearms
    (146, 140, 28, 72, 13),
    (62, 196, 36, 188, 16),  # legs
    (102, 196, 36, 188, 16),
    (62, 372, 36, 26, 10),  # feet
    (102, 372, 36, 26, 10),
]


@dataclass(frozen=True)
class Shape:
    region: str
    name: str
    view: str
    x: float
    y: float
    width: float
    height: float
    radius: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


def _shapes() -> list[Shape]:
    shapes = []
    for view, table, dx in (("front", _FRONT, 0), ("back", _BACK, BACK_X)):
        for region, (x, y, w, h, r) in table.items():
            shapes.append(Shape(region, REGIONS[region].name, view, x + dx, y, w, h, r))
    return shapes


SHAPES: list[Shape] = _shapes()

assert {s.region for s in SHAPES} == set(REGIONS), "every catalog region is drawn once"


def silhouette(view: str) -> list[tuple[float, float, float, float, float]]:
    dx = BACK_X if view == "back" else 0
    return [(x + dx, y, w, h, r) for x, y, w, h, r in SILHOUETTE]


def bodymap_context(zones: dict) -> dict:
    """What the body-map SVG partial needs: every shape with its zone, if any
    (`zones`: `clients.selectors.zone_map` of her record)."""
    regions = [(shape, zones.get(shape.region)) for shape in SHAPES]
    views = [
        {
            "name": view,
            "x": BACK_X if view == "back" else 0,
            "body": silhouette(view),
            "regions": [(s, z) for s, z in regions if s.view == view],
        }
        for view in ("front", "back")
    ]
    return {"regions": regions, "views": views}
