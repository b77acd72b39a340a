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


def latitude_strips(
    centre: Point, radius_km: float, count: int = 32
) -> tuple[list[BoundingBox], list[BoundingBox]]:
    """Cover the circle with `count` latitude strips: (outer boxes, inner boxes).

    Every point within `radius_km` lies in some outer box; every point of an inner box lies
    within `radius_km`. An index can then select the circle with range queries, and only
    the thin ring `outer − inner` needs an exact distance check. Each strip's width is the
    circle's half-width (`half_width_deg`) at its widest (outer, + 0.1 % margin) or narrowest
    (inner, − 0.1 %) latitude, sampled at the strip's edges, the centre's latitude and 8 points
    between. Near a pole or the antimeridian, one outer box (`bounding_box`) and no inner box.
    """
    box = bounding_box(centre, radius_km)
    if box.min_lon <= -180 and box.max_lon >= 180:
        return [box], []
    height = (box.max_lat - box.min_lat) / count
    outer: list[BoundingBox] = []
    inner: list[BoundingBox] = []
    for k in range(count):
        low = box.min_lat + k * height
        high = box.max_lat if k == count - 1 else low + height
        samples = [low + (high - low) * i / 9 for i in range(10)]
        if low < centre.lat < high:
            samples.append(centre.lat)
        widths = [half_width_deg(centre, radius_km, lat) for lat in samples]
        present = [w for w in widths if w is not None]
        if present:
            w = max(present) * 1.001 + 1e-7
            outer.append(BoundingBox(low, high, centre.lon - w, centre.lon + w))
        if present and len(present) == len(widths):
            w = min(present) * 0.999
            inner.append(BoundingBox(low, high, centre.lon - w, centre.lon + w))
    return outer, inner
