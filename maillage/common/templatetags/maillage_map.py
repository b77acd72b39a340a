"""A small SVG position map drawn from coordinates alone (no tile server, no script).

The organisation's dot is placed among reference places (the largest communes of its département)
in the département's bounding box, with an equirectangular projection scaled by cos(φ₀) at the
box's mid-latitude: x = (λ − λmin)·cos φ₀, y = φmax − φ — accurate to a few percent over a
département (≈ 100 km). The scale bar uses 1° of latitude ≈ 111.32 km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django import template

register = template.Library()

KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    population: int = 0


@dataclass(frozen=True)
class MapPoint:
    name: str
    x: float
    y: float
    r: float
    label_x: float
    anchor: str  # SVG text-anchor: labels go left of points near the right edge


@dataclass(frozen=True)
class PositionMap:
    width: int
    height: int
    frame: tuple[float, float, float, float]  # x, y, w, h of the bounding-box frame
    places: list[MapPoint]
    target: MapPoint
    scale_km: int
    scale_px: float
    area_name: str

    @property
    def scale_x1(self) -> float:
        return self.frame[0] + 8

    @property
    def scale_x2(self) -> float:
        return round(self.frame[0] + 8 + self.scale_px, 1)

    @property
    def scale_y(self) -> int:
        return self.height - 8


def _nice_km(span_km: float) -> int:
    """A round scale-bar length near a quarter of the map width."""
    for km in (1, 2, 5, 10, 20, 25, 50, 100, 200):
        if km >= span_km / 4:
            return km
    return 500


def build_position_map(
    *,
    target: Place,
    places: list[Place],
    area_name: str,
    bounds: tuple[float, float, float, float] | None = None,
    width: int = 360,
    padding: int = 18,
) -> PositionMap:
    """Project the target and reference places into an SVG box of the given width.

    `bounds` (lat_min, lat_max, lon_min, lon_max) is the area's bounding box, widened if needed
    so every point fits.
    """
    lats = [p.latitude for p in [target, *places]]
    lons = [p.longitude for p in [target, *places]]
    if bounds is not None:
        lats += [bounds[0], bounds[1]]
        lons += [bounds[2], bounds[3]]
    lat_min, lat_max = min(lats), max(lats)
    lon_min, lon_max = min(lons), max(lons)
    # Never zoom below ~10 km across (a lone point or a tiny territory).
    min_span = 0.09
    if lat_max - lat_min < min_span:
        mid = (lat_max + lat_min) / 2
        lat_min, lat_max = mid - min_span / 2, mid + min_span / 2
    if lon_max - lon_min < min_span:
        mid = (lon_max + lon_min) / 2
        lon_min, lon_max = mid - min_span / 2, mid + min_span / 2
    cos0 = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = (lon_max - lon_min) * cos0
    span_y = lat_max - lat_min
    inner_w = width - 2 * padding
    scale = inner_w / span_x
    inner_h = span_y * scale
    height = round(inner_h + 2 * padding + 14)  # room for the scale bar

    def project(p: Place, r: float) -> MapPoint:
        x = padding + (p.longitude - lon_min) * cos0 * scale
        y = padding + (lat_max - p.latitude) * scale
        right_half = x > width * 0.62
        return MapPoint(
            name=p.name,
            x=round(x, 1),
            y=round(y, 1),
            r=r,
            label_x=round(x - r - 3 if right_half else x + r + 3, 1),
            anchor="end" if right_half else "start",
        )

    biggest = max((p.population for p in places), default=0) or 1
    projected = [
        project(p, round(2 + 3 * math.sqrt(max(p.population, 0) / biggest), 1)) for p in places
    ]
    span_km = span_x * KM_PER_DEGREE
    scale_km = _nice_km(span_km)
    return PositionMap(
        width=width,
        height=height,
        frame=(padding / 2, padding / 2, width - padding, round(inner_h + padding, 1)),
        places=projected,
        target=project(target, 6),
        scale_km=scale_km,
        scale_px=round(scale_km / KM_PER_DEGREE * scale, 1),
        area_name=area_name,
    )


@register.inclusion_tag("directory/_position_map.html")
def position_map(position: PositionMap | None, organisation_name: str) -> dict[str, object]:
    return {"map": position, "organisation_name": organisation_name}
