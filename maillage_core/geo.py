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
