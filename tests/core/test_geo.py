"""Haversine distance and bounding boxes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.geo import (
    Grid,
    Point,
    bounding_box,
    circle_cells,
    coarsen,
    half_width_deg,
    haversine_km,
)

CAEN = Point(49.1829, -0.3707)
ROUEN = Point(49.4431, 1.0993)

lat = st.floats(min_value=-89.0, max_value=89.0)
lon = st.floats(min_value=-179.9, max_value=179.9)
points = st.builds(Point, lat, lon)


def test_known_distances() -> None:
    assert haversine_km(CAEN, ROUEN) == pytest.approx(110.4, abs=0.1)
    # One degree of latitude ≈ 111.2 km on the mean sphere.
    assert haversine_km(Point(0, 0), Point(1, 0)) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(Point(0, 0), Point(0, 180)) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(CAEN, CAEN) == 0


@given(points, points)
def test_symmetric_and_bounded(a: Point, b: Point) -> None:
    d = haversine_km(a, b)
    assert d == pytest.approx(haversine_km(b, a), abs=1e-9)
    assert 0 <= d <= math.pi * 6371.0088 + 1e-6


@given(points, points, points)
def test_triangle_inequality(a: Point, b: Point, c: Point) -> None:
    assert haversine_km(a, c) <= haversine_km(a, b) + haversine_km(b, c) + 1e-6


@given(points, st.floats(min_value=0.1, max_value=500), points)
def test_box_contains_the_circle(centre: Point, radius: float, other: Point) -> None:
    box = bounding_box(centre, radius)
    if haversine_km(centre, other) <= radius:
        assert box.contains(other)


@given(points, st.floats(min_value=0.1, max_value=500), st.floats(0, 2 * math.pi))
def test_box_contains_points_on_the_circle(centre: Point, radius: float, bearing: float) -> None:
    # Destination point at `radius` km along `bearing` (spherical direct formula), a hair inside.
    r = radius * 0.999 / 6371.0088
    phi1, lam1 = math.radians(centre.lat), math.radians(centre.lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(r) + math.cos(phi1) * math.sin(r) * math.cos(bearing)
    )
    lam2 = lam1 + math.atan2(
        math.sin(bearing) * math.sin(r) * math.cos(phi1),
        math.cos(r) - math.sin(phi1) * math.sin(phi2),
    )
    lon2 = (math.degrees(lam2) + 540) % 360 - 180
    assert bounding_box(centre, radius).contains(Point(math.degrees(phi2), lon2))


def test_box_is_tight_in_normandy() -> None:
    box = bounding_box(CAEN, 30)
    assert box.max_lat - box.min_lat == pytest.approx(2 * 30 / 111.195, rel=1e-3)
    assert 0.7 < box.max_lon - box.min_lon < 0.9


def test_box_near_pole_spans_all_longitudes() -> None:
    box = bounding_box(Point(89.9, 10), 50)
    assert (box.min_lon, box.max_lon, box.max_lat) == (-180, 180, 90)


def test_negative_radius_refused() -> None:
    with pytest.raises(ValueError):
        bounding_box(CAEN, -1)


def destination(centre: Point, distance_km: float, bearing: float) -> Point:
    """The point `distance_km` from `centre` along `bearing` (spherical direct formula)."""
    r = distance_km / 6371.0088
    phi1, lam1 = math.radians(centre.lat), math.radians(centre.lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(r) + math.cos(phi1) * math.sin(r) * math.cos(bearing)
    )
    lam2 = lam1 + math.atan2(
        math.sin(bearing) * math.sin(r) * math.cos(phi1),
        math.cos(r) - math.sin(phi1) * math.sin(phi2),
    )
    return Point(math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180)


france = st.builds(Point, st.floats(41.0, 51.5), st.floats(-5.5, 9.8))


GRID = Grid(0.02, 0.03)


@given(france, st.floats(1, 60), st.floats(0, 1), st.floats(0, 2 * math.pi))
def test_circle_cells_cover_the_circle(
    centre: Point, radius: float, frac: float, bearing: float
) -> None:
    point = destination(centre, radius * frac, bearing)
    if haversine_km(centre, point) <= radius:
        inside, boundary = circle_cells(GRID, centre, radius)
        assert GRID.cell(point) in set(inside) | set(boundary)


@given(france, st.floats(1, 60), st.floats(0, 1), st.floats(0, 1), st.integers(0, 10_000))
def test_inside_cells_are_inside(
    centre: Point, radius: float, u: float, v: float, pick: int
) -> None:
    inside, _boundary = circle_cells(GRID, centre, radius)
    if not inside:
        return
    i, j = inside[pick % len(inside)]
    point = Point((i + u) * GRID.dlat, (j + v) * GRID.dlon)
    assert haversine_km(centre, point) <= radius * (1 + 1e-9)


def test_edge_cells_are_a_thin_ring() -> None:
    inside, boundary = circle_cells(GRID, CAEN, 30)
    assert len(boundary) < 0.2 * (len(inside) + len(boundary))  # 2.2 km cells, 30 km radius
    assert not set(inside) & set(boundary)
    assert half_width_deg(CAEN, 30, CAEN.lat + 1) is None


def test_coarsen_merges_complete_blocks() -> None:
    cells = [(i, j) for i in range(10, 20) for j in range(0, 10)] + [(25, 3)]
    coarse, rest = coarsen(cells, 10)
    assert coarse == [(1, 0)] and rest == [(25, 3)]
