"""The body map's regions are well-formed data, and E3's new-region helper."""

from __future__ import annotations

from logic import body_map
from logic.body_map import REGIONS, has_new_regions, new_regions


def test_regions_are_well_formed() -> None:
    ids = [r.id for r in REGIONS]
    assert len(ids) == len(set(ids)) >= 20
    assert {r.side for r in REGIONS} == {"front", "back"}
    for region in REGIONS:
        assert region.label("da") and region.label("en") and region.label("da") != region.id
        assert len(region.polygon) >= 3
        assert all(0 <= x <= body_map.WIDTH and 0 <= y <= body_map.HEIGHT for x, y in region.polygon)
        cx, cy = region.center
        xs, ys = zip(*region.polygon, strict=True)
        assert min(xs) <= cx <= max(xs) and min(ys) <= cy <= max(ys)
    # Paired regions come in left and right, on the same side of the body, mirrored across the middle.
    for region in REGIONS:
        if region.id.startswith("left_"):
            twin = body_map.region("right_" + region.id.removeprefix("left_"))
            assert twin.side == region.side
            assert abs((region.center[0] - 50) + (twin.center[0] - 50)) < 1
            assert twin.center[1] == region.center[1]
    # The client's left is on the picture's right from the front, on its left from behind.
    assert body_map.region("left_upper_arm").center[0] > 50
    assert body_map.region("left_calf").center[0] < 50
    assert {"head", "neck_back", "lower_back", "chest"} <= body_map.REGION_IDS


def test_new_pain_elsewhere_on_the_map() -> None:
    original = ["neck_back", "left_shoulder_blade"]
    assert not has_new_regions(original, [])
    assert not has_new_regions(original, ["neck_back"])
    assert has_new_regions(original, ["neck_back", "head"])
    assert new_regions(original, ["left_calf", "head", "neck_back"]) == ["head", "left_calf"]
    assert body_map.unknown_regions(["head", "tail"]) == ["tail"]
    assert body_map.label("lower_back", "da") == "Lænd"
    assert next(r.id for r in body_map.regions_on("back")) == "neck_back"
