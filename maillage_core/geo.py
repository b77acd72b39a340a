"""Distances on the Earth's surface, for radius filters and "distance in km" reasons.

Coordinates are WGS 84 degrees (latitude, longitude). The Earth is taken as a sphere of
mean radius R = 6371.0088 km (IUGG mean radius), which is within 0.5 % of the ellipsoid
everywhere — far below the precision of commune centroids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class BoundingBox:
    """Latitude/longitude limits (degrees) enclosing a circle; `min_lon > max_lon` never happens:
    a box that would cross the antimeridian is widened to all longitudes."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, point: Point) -> bool:
        return (
            self.min_lat <= point.lat <= self.max_lat and self.min_lon <= point.lon <= self.max_lon
        )


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km by the haversine formula (R. W. Sinnott, 1984):

        h = sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2)
        d = 2 R · asin(√h)

    with φ latitudes and λ longitudes in radians. Stable for small distances, unlike the
    spherical law of cosines.

    >>> round(haversine_km(Point(49.1829, -0.3707), Point(49.4431, 1.0993)), 1)  # Caen–Rouen
    110.4
    """
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlambda = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box containing every point within `radius_km` of `centre`.

    Δφ = r / R (radians). For longitude, the circle's widest extent is not at the centre's
    latitude but at the tangent points, where Δλ = asin(sin(r/R) / cos φ) (J. P. Matuschek,
    "Finding points within a distance of a latitude/longitude using bounding coordinates").
    Near a pole, or across the antimeridian, longitudes are not limited.
    """
    if radius_km < 0:
        raise ValueError("radius_km must be >= 0")
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    min_lat, max_lat = centre.lat - dlat, centre.lat + dlat
    if min_lat <= -90 or max_lat >= 90 or angular >= math.pi / 2:
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    ratio = math.sin(angular) / math.cos(math.radians(centre.lat))
    if ratio >= 1:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    dlon = math.degrees(math.asin(ratio))
    min_lon, max_lon = centre.lon - dlon, centre.lon + dlon
    if min_lon < -180 or max_lon > 180:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    return BoundingBox(min_lat, max_lat, min_lon, max_lon)


def half_width_deg(centre: Point, radius_km: float, lat: float) -> float | None:
    """Half the longitude extent (degrees) of the circle at latitude `lat`, None if it misses.

    From the haversine relation solved for Δλ at a fixed latitude φ:
        sin²(Δλ/2) = (sin²(a/2) − sin²(Δφ/2)) / (cos φ₁ · cos φ),   a = r / R.
    Returns 180 when every longitude is within the circle.
    """
    a = radius_km / EARTH_RADIUS_KM
    phi1, phi = math.radians(centre.lat), math.radians(lat)
    numerator = math.sin(a / 2) ** 2 - math.sin((phi - phi1) / 2) ** 2
    if numerator < 0:
        return None
    denominator = math.cos(phi1) * math.cos(phi)
    if denominator <= 0 or numerator >= denominator:
        return 180.0
    return math.degrees(2 * math.asin(math.sqrt(numerator / denominator)))


def _row_widths(
    centre: Point, radius_km: float, low: float, high: float
) -> tuple[float | None, float | None]:
    """(widest, narrowest) half-width of the circle over the latitudes [low, high].

    Sampled at the edges, the centre's latitude and 8 points between; the widest gets a
    0.1 % margin (so boxes built from it contain the circle), the narrowest loses 0.1 %
    (boxes built from it lie inside). Narrowest is None when part of the row misses the
    circle; both are None when all of it does.
    """
    samples = [low + (high - low) * i / 9 for i in range(10)]
    if low < centre.lat < high:
        samples.append(centre.lat)
    widths = [half_width_deg(centre, radius_km, lat) for lat in samples]
    present = [w for w in widths if w is not None]
    if not present:
        # The circle may still cross the row between two samples (a row thinner than the
        # sampling step at the circle's tip): fall back to the bounding box width.
        box = bounding_box(centre, radius_km)
        if box.min_lat <= high and low <= box.max_lat:
            return (box.max_lon - box.min_lon) / 2, None
        return None, None
    widest = max(present) * 1.001 + 1e-7
    narrowest = min(present) * 0.999 if len(present) == len(widths) else None
    return widest, narrowest


Cell = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A regular latitude/longitude grid: cell (i, j) = [i·dlat, (i+1)·dlat) × [j·dlon, …)."""

    dlat: float
    dlon: float

    def cell(self, point: Point) -> Cell:
        return (math.floor(point.lat / self.dlat), math.floor(point.lon / self.dlon))


def circle_cells(grid: Grid, centre: Point, radius_km: float) -> tuple[list[Cell], list[Cell]]:
    """Grid cells meeting the circle: (inside, boundary).

    Every point within `radius_km` lies in an inside or boundary cell; every point of an
    inside cell lies within `radius_km`. So a search index holding each document's cell can
    select the circle with term lookups and check exact distances only in boundary cells.
    Rows are classified with `_row_widths`, so the cost is one row per `dlat`, not per cell.
    Near a pole or the antimeridian every cell of the bounding box is a boundary cell.
    """
    box = bounding_box(centre, radius_km)
    i_min, i_max = math.floor(box.min_lat / grid.dlat), math.floor(box.max_lat / grid.dlat)
    j_min, j_max = math.floor(box.min_lon / grid.dlon), math.floor(box.max_lon / grid.dlon)
    inside: list[Cell] = []
    boundary: list[Cell] = []
    full_width = box.min_lon <= -180 and box.max_lon >= 180
    for i in range(i_min, i_max + 1):
        low, high = i * grid.dlat, (i + 1) * grid.dlat
        if full_width:
            boundary += [(i, j) for j in range(j_min, j_max + 1)]
            continue
        widest, narrowest = _row_widths(
            centre, radius_km, max(low, box.min_lat), min(high, box.max_lat)
        )
        if widest is None:
            continue
        for j in range(
            math.floor((centre.lon - widest) / grid.dlon),
            math.floor((centre.lon + widest) / grid.dlon) + 1,
        ):
            west, east = j * grid.dlon, (j + 1) * grid.dlon
            fully = (
                narrowest is not None
                and low >= box.min_lat
                and high <= box.max_lat
                and centre.lon - narrowest <= west
                and east <= centre.lon + narrowest
            )
            (inside if fully else boundary).append((i, j))
    return inside, boundary


def coarsen(cells: list[Cell], factor: int) -> tuple[list[Cell], list[Cell]]:
    """Merge complete blocks of factor × factor cells: (coarse cells, cells left over).

    Coarse cell (I, J) holds the fine cells (i, j) with i // factor == I and j // factor == J.
    Fewer, larger cells make the index lookup cheaper (fewer posting lists to union).
    """
    blocks: dict[Cell, list[Cell]] = {}
    for c in cells:
        blocks.setdefault((c[0] // factor, c[1] // factor), []).append(c)
    coarse = sorted(k for k, v in blocks.items() if len(set(v)) == factor * factor)
    full = set(coarse)
    rest = [c for c in cells if (c[0] // factor, c[1] // factor) not in full]
    return coarse, rest
