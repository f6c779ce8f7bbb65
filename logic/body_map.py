"""Body regions for marking pain on a body map (E3): ids, labels in both languages, and outlines.

Coordinates are in a box 100 wide and 200 high per view, x from the left edge of the picture and y
from the top of the head (0) down to the soles (200): a Plotly drawing sets the y axis reversed.
The front view shows the client facing the viewer, so the client's left side is on the picture's
right (large x); the back view shows the client from behind, so their left side is on the left.

E3: pain in a region that was not part of the original pain is new pain elsewhere. The map cannot tell
whether that pain feels like the original or different, so `has_new_regions` only says that there is
new pain; the page asks the client about its quality (`new_pain_elsewhere` in the reaction report).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .models import Text
from .texts import both

Side = Literal["front", "back"]
Point = tuple[float, float]

WIDTH = 100
HEIGHT = 200


class Region(BaseModel):
    """One region of the body map."""

    model_config = ConfigDict(frozen=True)
    id: str
    label: Text
    side: Side
    polygon: tuple[Point, ...]  # closed implicitly: the last point joins the first

    @property
    def center(self) -> Point:
        """The mean of the outline's points, a good spot for a marker or a label."""
        xs, ys = zip(*self.polygon, strict=True)
        return (round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1))


def _box(x0: float, y0: float, x1: float, y1: float, bevel: float = 2) -> tuple[Point, ...]:
    """A rectangle with bevelled corners, which reads better as a body part than a plain box."""
    b = bevel
    return (
        (x0 + b, y0),
        (x1 - b, y0),
        (x1, y0 + b),
        (x1, y1 - b),
        (x1 - b, y1),
        (x0 + b, y1),
        (x0, y1 - b),
        (x0, y0 + b),
    )


def _region(id: str, side: Side, polygon: tuple[Point, ...]) -> Region:
    """A region named by the vocabulary (`body_region.<id>`)."""
    return Region(id=id, label=both(f"body_region.{id}"), side=side, polygon=polygon)


HEAD = ((44, 2), (56, 2), (60, 8), (60, 20), (56, 26), (44, 26), (40, 20), (40, 8))

REGIONS: tuple[Region, ...] = (
    # Front view: the client's right side is on the picture's left.
    _region("head", "front", HEAD),
    _region("neck_front", "front", _box(45, 26, 55, 34, 1)),
    _region("right_shoulder_front", "front", ((36, 34), (36, 46), (22, 48), (24, 38), (30, 34))),
    _region("left_shoulder_front", "front", ((64, 34), (70, 34), (76, 38), (78, 48), (64, 46))),
    _region("chest", "front", _box(36, 34, 64, 66)),
    _region("abdomen", "front", _box(36, 66, 64, 100)),
    _region("right_upper_arm", "front", _box(21, 48, 33, 82)),
    _region("left_upper_arm", "front", _box(67, 48, 79, 82)),
    _region("right_forearm_hand", "front", _box(16, 82, 30, 126)),
    _region("left_forearm_hand", "front", _box(70, 82, 84, 126)),
    _region("right_thigh_front", "front", _box(36, 100, 49, 148)),
    _region("left_thigh_front", "front", _box(51, 100, 64, 148)),
    _region("right_lower_leg_front", "front", _box(38, 148, 48, 196)),
    _region("left_lower_leg_front", "front", _box(52, 148, 62, 196)),
    # Back view: the client's left side is on the picture's left.
    _region("neck_back", "back", _box(44, 24, 56, 34, 1)),
    _region("upper_back", "back", _box(44, 34, 56, 66)),
    _region("left_shoulder_blade", "back", ((44, 34), (44, 66), (34, 66), (24, 46), (28, 38), (36, 34))),
    _region("right_shoulder_blade", "back", ((56, 34), (64, 34), (72, 38), (76, 46), (66, 66), (56, 66))),
    _region("lower_back", "back", _box(34, 66, 66, 100)),
    _region("left_buttock", "back", _box(34, 100, 49, 122)),
    _region("right_buttock", "back", _box(51, 100, 66, 122)),
    _region("left_hamstring", "back", _box(36, 122, 49, 150)),
    _region("right_hamstring", "back", _box(51, 122, 64, 150)),
    _region("left_calf", "back", _box(38, 150, 48, 196)),
    _region("right_calf", "back", _box(52, 150, 62, 196)),
)

REGIONS_BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}
REGION_IDS: frozenset[str] = frozenset(REGIONS_BY_ID)


def region(region_id: str) -> Region:
    """The region with this id; KeyError for an unknown id."""
    return REGIONS_BY_ID[region_id]


def regions_on(side: Side) -> list[Region]:
    return [r for r in REGIONS if r.side == side]


def label(region_id: str, lang: Literal["da", "en"]) -> str:
    return REGIONS_BY_ID[region_id].label(lang)


def unknown_regions(region_ids: Iterable[str]) -> list[str]:
    """The ids that are not regions of the map, in the order given."""
    return [r for r in region_ids if r not in REGION_IDS]


def new_regions(original: Iterable[str], now: Iterable[str]) -> list[str]:
    """Regions hurting now that were not part of the original pain, in map order."""
    before, current = set(original), set(now)
    return [r.id for r in REGIONS if r.id in current and r.id not in before]


def has_new_regions(original: Iterable[str], now: Iterable[str]) -> bool:
    """E3: is there pain now in a region that was not part of the original pain?

    True means the reaction report's `new_pain_elsewhere` must not be `none`; whether the new pain is
    `similar_to_original` or `different` is the client's answer, not something the map can tell.
    """
    return bool(new_regions(original, now))
