"""A small SVG position map drawn from coordinates alone (no tile server, no script).

The organisation's dot is placed among the largest communes of its département, over a faint
cloud of every commune centroid of the département (which draws its silhouette without any
boundary file), in the département's bounding box. Projection: equirectangular scaled by cos φ₀
at the box's mid-latitude, x = (λ − λmin)·cos φ₀, y = φmax − φ — within a few percent over a
département (≈ 100 km). The scale bar uses 1° of latitude ≈ 111.32 km. Labels are placed
greedily, largest first, right then left of their dot, and dropped when they would overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django import template

register = template.Library()

KM_PER_DEGREE = 111.32
CHAR_WIDTH = 6.2  # px per character at the 11 px label size (a generous average)
LABEL_HEIGHT = 12.0
TARGET_CHAR_WIDTH = 8.0  # px per character at 12 px bold


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
    anchor: str  # SVG text-anchor ("start": label right of the dot, "end": left of it)
    show_label: bool = True


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
    background: str  # SVG path data: one zero-length segment per commune centroid

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


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(
    x: float, y: float, r: float, name: str, anchor: str, char_width: float = CHAR_WIDTH
) -> Box:
    w = char_width * len(name)
    x0 = x + r + 3 if anchor == "start" else x - r - 3 - w
    return (x0, y - LABEL_HEIGHT / 2, x0 + w, y + LABEL_HEIGHT / 2)


def build_position_map(
    *,
    target: Place,
    places: list[Place],
    area_name: str,
    background: list[tuple[float, float]] | None = None,
    width: int = 360,
    padding: int = 18,
) -> PositionMap:
    """Project the target, reference places and background points (lat, lon) into an SVG box.

    The bounding box covers every point given, never less than ~10 km across.
    """
    cloud = background or []
    lats = [p.latitude for p in [target, *places]] + [lat for lat, _ in cloud]
    lons = [p.longitude for p in [target, *places]] + [lon for _, lon in cloud]
    lat_min, lat_max = min(lats), max(lats)
    lon_min, lon_max = min(lons), max(lons)
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
    height = round(inner_h + 2 * padding + 16)  # room for the scale bar

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (padding + (lon - lon_min) * cos0 * scale, padding + (lat_max - lat) * scale)

    taken: list[Box] = []

    def place_label(
        name: str, x: float, y: float, r: float, char_width: float = CHAR_WIDTH
    ) -> tuple[float, str, bool]:
        preferred = ("end", "start") if x > width * 0.62 else ("start", "end")
        for anchor in preferred:
            box = _label_box(x, y, r, name, anchor, char_width)
            inside = box[0] >= 2 and box[2] <= width - 2
            if inside and not any(_overlaps(box, t) for t in taken):
                taken.append(box)
                return (x + r + 3 if anchor == "start" else x - r - 3, anchor, True)
        return (x, "start", False)

    tx, ty = xy(target.latitude, target.longitude)
    # The target's label is 12 px bold (see maillage.css): wider glyphs than the 11 px labels.
    target_label = place_label(target.name, tx, ty, 10, TARGET_CHAR_WIDTH)
    taken.append((tx - 12, ty - 12, tx + 12, ty + 12))  # the target's halo
    biggest = max((p.population for p in places), default=0) or 1
    projected = []
    for p in sorted(places, key=lambda p: (-p.population, p.name)):
        x, y = xy(p.latitude, p.longitude)
        r = round(2 + 2.5 * math.sqrt(max(p.population, 0) / biggest), 1)
        label_x, anchor, shown = place_label(p.name, x, y, r)
        taken.append((x - r, y - r, x + r, y + r))
        projected.append(
            MapPoint(p.name, round(x, 1), round(y, 1), r, round(label_x, 1), anchor, shown)
        )
    path = "".join(f"M{x:.1f} {y:.1f}h0" for x, y in (xy(lat, lon) for lat, lon in cloud))
    scale_km = _nice_km(span_x * KM_PER_DEGREE)
    return PositionMap(
        width=width,
        height=height,
        frame=(padding / 2, padding / 2, width - padding, round(inner_h + padding, 1)),
        places=projected,
        target=MapPoint(
            target.name,
            round(tx, 1),
            round(ty, 1),
            6,
            round(target_label[0], 1),
            target_label[1],
            target_label[2],
        ),
        scale_km=scale_km,
        scale_px=round(scale_km / KM_PER_DEGREE * scale, 1),
        area_name=area_name,
        background=path,
    )


@register.inclusion_tag("directory/_position_map.html")
def position_map(position: PositionMap | None, organisation_name: str) -> dict[str, object]:
    return {"map": position, "organisation_name": organisation_name}
