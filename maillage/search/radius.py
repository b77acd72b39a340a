"""Radius filters over the index: the circle as grid-cell terms, exact only at its edge.

Every document is indexed with its cell in a lat/lon grid (`schema.cells_of`). A circle
becomes the set of cells inside it (one term-set lookup, complete coarse blocks as one coarse
term) or crossing its edge (`maillage_core.geo.circle_cells`). Only the documents in edge
cells that also match the text and filters get an exact distance check, read from the
`lat`/`lon` fast fields, and those outside the circle are excluded by id. So counts and
facets are exact and computed by tantivy without loading every candidate (range queries over
32 latitude strips measured 40× slower).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import tantivy

from maillage.search.query import Must, MustNot, Should, any_term, combine
from maillage.search.schema import (
    COARSE_FACTOR,
    COARSE_GRID,
    FINE_GRID,
    FINE_GRID_MAX_KM,
    cell_key,
)
from maillage_core.geo import (
    EARTH_RADIUS_KM,
    Point,
    bounding_box,
    circle_cells,
    coarsen,
    haversine_km,
)

POINTS_FIRST_LIMIT = 4096
# Relative margin around the circle's haversine threshold inside which the exact
# `haversine_km` decides (so the cheap test never disagrees with the reported distance).
_EDGE_MARGIN = 1e-9

Clauses = list[tuple[tantivy.Occur, tantivy.Query]]


class Circle:
    """A cheap "is this point outside?" test for many points around one centre.

    haversine: d = 2R·asin(√h), h = sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2), and d > r
    ⇔ h > sin²(r / 2R) (asin and √ are increasing), so the test needs no asin or √, and
    cos φ₁ is computed once. Points within a relative 1e-9 of the threshold are decided by
    `maillage_core.geo.haversine_km` itself.
    """

    def __init__(self, centre: Point, radius_km: float) -> None:
        self.centre = centre
        self.radius_km = radius_km
        self._phi1 = math.radians(centre.lat)
        self._cos1 = math.cos(self._phi1)
        half = min(radius_km / (2 * EARTH_RADIUS_KM), math.pi / 2)
        self._h_max = math.sin(half) ** 2

    def outside(self, lat: float, lon: float) -> bool:
        phi2 = math.radians(lat)
        h = (
            math.sin((phi2 - self._phi1) / 2) ** 2
            + self._cos1 * math.cos(phi2) * math.sin(math.radians(lon - self.centre.lon) / 2) ** 2
        )
        if abs(h - self._h_max) <= _EDGE_MARGIN * self._h_max:
            return haversine_km(self.centre, Point(lat, lon)) > self.radius_km
        return h > self._h_max


def restrict(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    text: tantivy.Query | None,
    filters: Clauses,
    centre: Point,
    radius_km: float,
) -> tantivy.Query:
    """`text` and `filters` restricted exactly to the circle (see the module doc)."""
    coarse, fine, boundary, edge_field = circle_keys(centre.lat, centre.lon, radius_km)
    if not boundary:
        return combine(text, [*filters, (Must, _cells(schema, coarse, fine))])
    edge = terms(schema, edge_field, boundary)
    outside = outside_ids(searcher, combine(text, [*filters, (Must, edge)]), centre, radius_km)
    box = box_keys(centre.lat, centre.lon, radius_km)
    covered = [*filters]
    if box is None:
        circle = tantivy.Query.boolean_query(
            [(Should, _cells(schema, coarse, fine)), (Should, edge)]
        )
        covered.append((Must, circle))
    else:
        # The same documents (those in inside or edge cells), found as the box of those
        # cells minus the cells around them outside the circle: lat/lon ranges are read
        # lazily from the fast fields, where a term set first gathers every posting of the
        # many inside cells (≈ 20 % cheaper passes at 30–50 km, bench/bench_search.py).
        lat_lo, lat_hi, lon_lo, lon_hi, out_coarse, out_fine = box
        covered.append((Must, _range(schema, "lat", lat_lo, lat_hi)))
        covered.append((Must, _range(schema, "lon", lon_lo, lon_hi)))
        if out_coarse or out_fine:
            covered.append((MustNot, _cells(schema, out_coarse, out_fine)))
    if outside:
        covered.append((MustNot, any_term(schema, "id", outside)))
    return combine(text, covered)


def _cells(schema: tantivy.Schema, coarse: list[str], fine: list[str]) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(Should, terms(schema, "cell_coarse", coarse)), (Should, terms(schema, "cell_fine", fine))]
    )


def _range(schema: tantivy.Schema, field: str, low: float, high: float) -> tantivy.Query:
    return tantivy.Query.range_query(schema, field, tantivy.FieldType.Float, low, high)


@lru_cache(maxsize=512)
def box_keys(
    lat: float, lon: float, radius_km: float
) -> tuple[float, float, float, float, list[str], list[str]] | None:
    """The circle's cells as a lat/lon box minus cells: (lat low, lat high, lon low, lon high,
    coarse keys outside, fine keys outside), or None where the fine grid is not used or the
    box spans every longitude.

    The box covers the fine cells of the bounding box plus one cell around, and ends half a
    cell further, so a document's range test and its indexed cell never disagree however
    floats round; every cell of that frame that is neither inside nor on the edge is listed
    as outside (complete 10 × 10 blocks as one coarse key).
    """
    centre = Point(lat, lon)
    bounds = bounding_box(centre, radius_km)
    if radius_km > FINE_GRID_MAX_KM or bounds.min_lon <= -180 or bounds.max_lon >= 180:
        return None
    g = FINE_GRID
    i0, i1 = math.floor(bounds.min_lat / g.dlat) - 1, math.floor(bounds.max_lat / g.dlat) + 1
    j0, j1 = math.floor(bounds.min_lon / g.dlon) - 1, math.floor(bounds.max_lon / g.dlon) + 1
    inside, boundary = circle_cells(g, centre, radius_km)
    kept = set(inside) | set(boundary)
    if any(not (i0 < i < i1 and j0 < j < j1) for i, j in kept):
        return None  # not expected: every circle cell lies in its bounding box
    out = [(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1) if (i, j) not in kept]
    blocks, rest = coarsen(out, COARSE_FACTOR)
    return (
        (i0 + 0.5) * g.dlat,
        (i1 + 0.5) * g.dlat,
        (j0 + 0.5) * g.dlon,
        (j1 + 0.5) * g.dlon,
        [cell_key(c) for c in blocks],
        [cell_key(c) for c in rest],
    )


@lru_cache(maxsize=512)
def circle_keys(
    lat: float, lon: float, radius_km: float
) -> tuple[list[str], list[str], list[str], str]:
    """Cell keys of a circle: (coarse inside, fine inside, edge, edge field). Cached: pages of
    one search and searches around the same commune reuse it (≈ 3 ms for 50 km)."""
    centre = Point(lat, lon)
    if radius_km > FINE_GRID_MAX_KM:
        inside, boundary = circle_cells(COARSE_GRID, centre, radius_km)
        keys = [cell_key(c) for c in inside]
        return keys, [], [cell_key(c) for c in boundary], "cell_coarse"
    inside, boundary = circle_cells(FINE_GRID, centre, radius_km)
    blocks, rest = coarsen(inside, COARSE_FACTOR)
    return (
        [cell_key(c) for c in blocks],
        [cell_key(c) for c in rest],
        [cell_key(c) for c in boundary],
        "cell_fine",
    )


def terms(schema: tantivy.Schema, field: str, keys: list[str]) -> tantivy.Query:
    """Cell keys as one term set (cell fields are not fast fields: the postings are read)."""
    if not keys:
        return tantivy.Query.empty_query()
    return tantivy.Query.term_set_query(schema, field, keys)


def total(found: tantivy.SearchResult) -> int:
    return int(found.count)  # type: ignore[attr-defined]  # tantivy.pyi omits SearchResult.count


def all_addresses(
    searcher: tantivy.Searcher, query: tantivy.Query, count: int | None = None
) -> list[Any]:
    """Addresses of every document matching `query`.

    Without `count`, one search with a generous limit usually returns everything with the
    count; only when it does not is the search repeated with the exact count.
    """
    if count is None:
        found = searcher.search(query, limit=POINTS_FIRST_LIMIT, count=True)
        count = total(found)
        if count <= POINTS_FIRST_LIMIT:
            return [address for _score, address in found.hits]
    if count == 0:
        return []
    return [address for _score, address in searcher.search(query, limit=count, count=False).hits]


def ids_of(searcher: tantivy.Searcher, addresses: list[Any]) -> list[int]:
    values = searcher.fast_field_values("id", addresses) if addresses else []
    return [int(v) if v is not None else -1 for v in values]


def coordinates(searcher: tantivy.Searcher, addresses: list[Any]) -> list[Point | None]:
    """The `lat`/`lon` fast fields of these documents (None for a document without them)."""
    if not addresses:
        return []
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    return [
        Point(float(la), float(lo)) if la is not None and lo is not None else None
        for la, lo in zip(lats, lons, strict=True)
    ]


def outside_ids(
    searcher: tantivy.Searcher, ring: tantivy.Query, centre: Point, radius_km: float
) -> list[int]:
    """Ids of the documents matching `ring` (the edge cells) that lie outside the circle;
    ids are read only for those (one fast-field read fewer for most of the ring)."""
    addresses = all_addresses(searcher, ring)
    if not addresses:
        return []
    circle = Circle(centre, radius_km)
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    outside = [
        address
        for address, la, lo in zip(addresses, lats, lons, strict=True)
        if la is not None and lo is not None and circle.outside(float(la), float(lo))
    ]
    return ids_of(searcher, outside)


def by_distance(
    searcher: tantivy.Searcher, query: tantivy.Query, count: int, centre: Point
) -> list[tuple[int, float, Any]]:
    """(id, km, address) of every match, nearest first, ties by id."""
    addresses = all_addresses(searcher, query, count)
    ranked = [
        (doc_id, haversine_km(centre, point), address)
        for doc_id, point, address in zip(
            ids_of(searcher, addresses), coordinates(searcher, addresses), addresses, strict=True
        )
        if point is not None
    ]
    ranked.sort(key=lambda row: (row[1], row[0]))
    return ranked


def distances(
    searcher: tantivy.Searcher, centre: Point, page: list[tuple[int, float, Any]]
) -> dict[int, float]:
    """id → km (2 decimals) for the page's documents, from their addresses (no search)."""
    points = coordinates(searcher, [address for _i, _s, address in page])
    return {
        doc_id: round(haversine_km(centre, point), 2)
        for (doc_id, _score, _address), point in zip(page, points, strict=True)
        if point is not None
    }
