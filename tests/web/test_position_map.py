"""The SVG position map's projection and label placement (pure functions, no database)."""

from __future__ import annotations

import math

from maillage.common.templatetags.maillage_map import (
    KM_PER_DEGREE,
    Place,
    _label_box,
    _overlaps,
    build_position_map,
)

CAEN = Place("Caen", 49.1829, -0.3707, 106230)
BAYEUX = Place("Bayeux", 49.2765, -0.7024, 12819)
LISIEUX = Place("Lisieux", 49.1466, 0.2258, 20318)
VIRE = Place("Vire Normandie", 48.8390, -0.8893, 16811)


def test_points_stay_inside_the_frame_and_keep_their_orientation() -> None:
    m = build_position_map(
        target=Place("Org", 49.0, -0.5), places=[CAEN, BAYEUX, LISIEUX, VIRE], area_name="Calvados"
    )
    x0, y0, w, h = m.frame
    for p in [*m.places, m.target]:
        assert x0 <= p.x <= x0 + w and y0 <= p.y <= y0 + h
    by_name = {p.name: p for p in m.places}
    assert by_name["Lisieux"].x > by_name["Caen"].x > by_name["Bayeux"].x  # east is right
    assert by_name["Vire Normandie"].y > by_name["Caen"].y  # south is down
    assert m.target.y > by_name["Caen"].y


def test_scale_bar_matches_the_projection() -> None:
    m = build_position_map(target=CAEN, places=[BAYEUX, LISIEUX], area_name="Calvados")
    by_name = {p.name: p for p in m.places}
    # Bayeux → Lisieux is ~67 km east-west at this latitude; measure it with the scale bar.
    px_per_km = m.scale_px / m.scale_km
    dx_km = (by_name["Lisieux"].x - by_name["Bayeux"].x) / px_per_km
    expected = (0.2258 + 0.7024) * KM_PER_DEGREE * math.cos(math.radians((49.2765 + 49.1466) / 2))
    assert abs(dx_km - expected) / expected < 0.02


def test_largest_places_get_bigger_dots() -> None:
    m = build_position_map(target=CAEN, places=[BAYEUX, LISIEUX, CAEN], area_name="")
    radius = {p.name: p.r for p in m.places}
    assert radius["Caen"] > radius["Lisieux"] > radius["Bayeux"]


def test_overlapping_labels_are_dropped_not_drawn_on_top() -> None:
    crowd = [Place(f"Commune {i}", 49.0 + i * 0.0005, 0.0, 1000 - i) for i in range(6)]
    m = build_position_map(
        target=Place("Org", 48.5, 0.5), places=[*crowd, Place("Loin", 49.9, -1.0, 10)], area_name=""
    )
    shown = [p for p in m.places if p.show_label]
    boxes = [_label_box(p.x, p.y, p.r, p.name, p.anchor) for p in shown]
    assert all(not _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert len(shown) < len(crowd) + 1  # some of the crowd lost their label
    assert any(p.name == "Commune 0" and p.show_label for p in m.places)  # the largest kept it


def test_a_lone_point_gets_a_minimum_extent_and_the_background_path() -> None:
    m = build_position_map(
        target=CAEN, places=[], area_name="", background=[(49.18, -0.37), (49.19, -0.36)]
    )
    assert m.width == 360 and m.height > 100
    assert m.background.count("M") == 2 and m.background.endswith("h0")
    assert m.scale_km in (1, 2, 5)
