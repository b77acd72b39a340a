"""Lambert 93 (RGF93, EPSG:2154) ↔ geographic coordinates, pure functions.

Sirene gives establishment positions as Lambert 93 metres
(`coordonneeLambertAbscisseEtablissement`, `coordonneeLambertOrdonneeEtablissement`) for
metropolitan France. The conversion is the IGN one for a secant conformal conic projection
(IGN notes ALG0002, ALG0003 and ALG0004) on the GRS80 ellipsoid with the constants of
Lambert 93: n = 0.7256077650532670, C = 11 754 255.426096 m, Xs = 700 000 m,
Ys = 12 655 612.049876 m, λ0 = 3° E. RGF93 and WGS84 differ by less than a metre, far below
what a directory map shows, so the result is used as WGS84.

Inverse (ALG0004):  R = √((X − Xs)² + (Y − Ys)²),  γ = atan((X − Xs) / (Ys − Y)),
λ = λ0 + γ / n,  L = −ln(R / C) / n, and φ from the isometric latitude L (ALG0002):
φ₀ = 2·atan(exp L) − π/2,  φᵢ = 2·atan(((1 + e·sin φᵢ₋₁) / (1 − e·sin φᵢ₋₁))^(e/2) · exp L) − π/2
until |φᵢ − φᵢ₋₁| < 1e-11.
Forward (ALG0003):  L = ln(tan(π/4 + φ/2) · ((1 − e·sin φ) / (1 + e·sin φ))^(e/2)),
R = C·exp(−n·L),  X = Xs + R·sin(n(λ − λ0)),  Y = Ys − R·cos(n(λ − λ0)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

N = 0.7256077650532670
C = 11_754_255.426096
XS = 700_000.0
YS = 12_655_612.049876
E = 0.08181919106  # first eccentricity of GRS80
LON0 = math.radians(3.0)

# Lambert 93 is defined over metropolitan France (and its sea); anything outside this box is
# not a Lambert 93 position (DROM establishments carry local UTM coordinates in Sirene).
X_RANGE = (50_000.0, 1_250_000.0)
Y_RANGE = (6_000_000.0, 7_200_000.0)


@dataclass(frozen=True)
class LatLon:
    latitude: float
    longitude: float


def in_lambert93_extent(x: float, y: float) -> bool:
    """True when (x, y) lies in the box of metropolitan France in Lambert 93 metres."""
    return X_RANGE[0] <= x <= X_RANGE[1] and Y_RANGE[0] <= y <= Y_RANGE[1]


@dataclass(frozen=True)
class ConicProjection:
    """Constants of a Lambert conformal conic projection (IGN notation)."""

    n: float
    c: float
    xs: float
    ys: float
    e: float
    lon0: float  # radians


LAMBERT93 = ConicProjection(n=N, c=C, xs=XS, ys=YS, e=E, lon0=LON0)


def latitude_from_isometric(latiso: float, e: float) -> float:
    """IGN ALG0002: geographic latitude (radians) from isometric latitude, to 1e-11 rad."""
    phi = 2.0 * math.atan(math.exp(latiso)) - math.pi / 2.0
    for _ in range(50):
        esin = e * math.sin(phi)
        nxt = (
            2.0 * math.atan(((1.0 + esin) / (1.0 - esin)) ** (e / 2.0) * math.exp(latiso))
            - math.pi / 2.0
        )
        if abs(nxt - phi) < 1e-11:
            return nxt
        phi = nxt
    return phi


def conic_to_geographic(x: float, y: float, p: ConicProjection) -> tuple[float, float]:
    """IGN ALG0004: projected (x, y) → (longitude, latitude) in radians."""
    dx = x - p.xs
    dy = p.ys - y
    r = math.hypot(dx, dy)
    gamma = math.atan2(dx, dy)
    lon = p.lon0 + gamma / p.n
    latiso = -math.log(r / p.c) / p.n
    return lon, latitude_from_isometric(latiso, p.e)


def geographic_to_conic(lon: float, lat: float, p: ConicProjection) -> tuple[float, float]:
    """IGN ALG0003: (longitude, latitude) in radians → projected (x, y)."""
    esin = p.e * math.sin(lat)
    latiso = math.log(
        math.tan(math.pi / 4.0 + lat / 2.0) * ((1.0 - esin) / (1.0 + esin)) ** (p.e / 2.0)
    )
    r = p.c * math.exp(-p.n * latiso)
    theta = p.n * (lon - p.lon0)
    return p.xs + r * math.sin(theta), p.ys - r * math.cos(theta)


def lambert93_to_wgs84(x: float, y: float) -> LatLon:
    """Convert Lambert 93 metres to latitude/longitude in degrees (IGN ALG0004 + ALG0002)."""
    lon, lat = conic_to_geographic(x, y, LAMBERT93)
    return LatLon(latitude=math.degrees(lat), longitude=math.degrees(lon))


def wgs84_to_lambert93(latitude: float, longitude: float) -> tuple[float, float]:
    """Convert latitude/longitude in degrees to Lambert 93 metres (IGN ALG0003)."""
    return geographic_to_conic(math.radians(longitude), math.radians(latitude), LAMBERT93)
