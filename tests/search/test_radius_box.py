"""The circle as a lat/lon box minus outside cells selects exactly its inside and edge cells."""

from __future__ import annotations

import random

import pytest

from maillage.search.radius import box_keys, circle_keys
from maillage.search.schema import cell_key, cells_of
from maillage_core.geo import Point


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [(49.1829, -0.3707, 4.0), (49.4431, 1.0993, 30.0), (48.4329, 0.0913, 50.0), (0.01, 0.01, 12)],
)
def test_box_minus_outside_cells_is_the_circle_cells(
    lat: float, lon: float, radius_km: float
) -> None:
    box = box_keys(lat, lon, radius_km)
    assert box is not None
    lat_lo, lat_hi, lon_lo, lon_hi, out_coarse, out_fine = box
    coarse, fine, edge, edge_field = circle_keys(lat, lon, radius_km)
    assert edge_field == "cell_fine"
    kept_coarse, kept_fine = set(coarse), set(fine) | set(edge)
    excluded_coarse, excluded_fine = set(out_coarse), set(out_fine)
    rng = random.Random(7)
    span_lat, span_lon = (lat_hi - lat_lo) * 0.7, (lon_hi - lon_lo) * 0.7
    checked = 0
    for _ in range(20_000):
        point = Point(
            lat + rng.uniform(-span_lat, span_lat), lon + rng.uniform(-span_lon, span_lon)
        )
        fine_cell, coarse_cell = cells_of(point)
        in_circle_cells = cell_key(coarse_cell) in kept_coarse or cell_key(fine_cell) in kept_fine
        in_box = lat_lo <= point.lat <= lat_hi and lon_lo <= point.lon <= lon_hi
        excluded = cell_key(coarse_cell) in excluded_coarse or cell_key(fine_cell) in excluded_fine
        assert in_circle_cells == (in_box and not excluded), point
        checked += in_circle_cells
    assert checked > 1000  # the sample does reach into the circle


def test_no_box_beyond_the_fine_grid() -> None:
    assert box_keys(49.18, -0.37, 80.0) is None
