"""Choropleth maps of the region drawn as SVG from GeoJSON contours: one <path> per territory.

Projection: equirectangular scaled by cos φ₀ at the mid-latitude of the features' bounding box
(x = (λ − λmin)·cos φ₀, y = φmax − φ), fitted to the width; within a few percent over a region.
Classes: 5 bins of equal width between the smallest and largest published values (class
"q0" for zero, "qs" for a suppressed value, "qn" for no data). A legend follows the drawing
(an HTML list): each class present with the smallest and largest value it holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from maillage.observatory.formatting import fr_number

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygons → rings → [lon, lat]


def territories_from_geojson(doc: Mapping[str, Any], code_key: str) -> list[Territory]:
    out = []
    for f in doc.get("features", []):
        props, geom = f.get("properties") or {}, f.get("geometry") or {}
        coords = geom.get("coordinates") or []
        polys = [coords] if geom.get("type") == "Polygon" else coords
        out.append(
            Territory(
                code=str(props.get(code_key, "")),
                name=str(props.get("nom", props.get(code_key, ""))),
                polygons=tuple(tuple(p) for p in polys),
            )
        )
    return sorted(out, key=lambda t: t.code)


def _bins(values: Sequence[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    return lo, (hi - lo) / 5 if hi > lo else 1.0


@dataclass(frozen=True)
class MapGeometry:
    """Territories projected once: (code, name, SVG path data) and the drawing size."""

    width: int
    height: int
    shapes: tuple[tuple[str, str, str], ...]


def project(territories: Sequence[Territory], *, width: int = 560) -> MapGeometry | None:
    pts = [pt for t in territories for poly in t.polygons for ring in poly for pt in ring]
    if not pts:
        return None
    lon_min = min(p[0] for p in pts)
    lon_max = max(p[0] for p in pts)
    lat_min = min(p[1] for p in pts)
    lat_max = max(p[1] for p in pts)
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = width / max((lon_max - lon_min) * k, 1e-9)
    height = int((lat_max - lat_min) * scale) + 1
    shapes = []
    for t in territories:
        d = []
        for poly in t.polygons:
            for ring in poly:
                coords = [
                    f"{(p[0] - lon_min) * k * scale:.1f} {(lat_max - p[1]) * scale:.1f}"
                    for p in ring
                ]
                if coords:
                    d.append("M" + "L".join(coords) + "Z")
        shapes.append((t.code, t.name, "".join(d)))
    return MapGeometry(width, height, tuple(shapes))


def choropleth(
    title: str,
    territories: Sequence[Territory] | MapGeometry | None,
    values: Mapping[str, float | None],
) -> str:
    """`values`: code → value (None = suppressed; missing = no data)."""
    geometry = (
        territories
        if isinstance(territories, MapGeometry) or territories is None
        else project(territories)
    )
    if geometry is None:
        return ""
    published = [v for v in values.values() if v is not None and v > 0]
    lo, step = _bins(published) if published else (0.0, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {geometry.width} '
        f'{geometry.height}" width="{geometry.width}" height="{geometry.height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    ranges: dict[str, list[float]] = {}  # class → [smallest, largest] value drawn in it
    for code, name, d in geometry.shapes:
        if code not in values:
            css, text = "qn", "pas de donnée"
        else:
            v = values[code]
            if v is None:
                css, text = "qs", "s (secret statistique)"
            elif v <= 0:
                css, text = "q0", "0"
            else:
                css, text = f"q{min(4, int((v - lo) / step)) + 1}", fr_number(v)
                span = ranges.setdefault(css, [v, v])
                span[0], span[1] = min(span[0], v), max(span[1], v)
        ranges.setdefault(css, [])
        parts.append(
            f'<path d="{d}" class="territory {css}" data-code="{escape(code)}">'
            f"<title>{escape(name)} : {text}</title></path>"
        )
    parts.append("</svg>")
    parts.append(_legend(title, ranges))
    return "".join(parts)


_FIXED = {"q0": "0", "qs": "s : secret statistique", "qn": "pas de donnée"}


def _legend(title: str, ranges: Mapping[str, list[float]]) -> str:
    items = []
    for css in ("q1", "q2", "q3", "q4", "q5", "q0", "qs", "qn"):
        if css not in ranges:
            continue
        if css in _FIXED:
            text = _FIXED[css]
        else:
            a, b = ranges[css]
            text = fr_number(a) if a == b else f"{fr_number(a)} à {fr_number(b)}"
        items.append(
            f'<li><span class="swatch {css}" aria-hidden="true"></span>{escape(text)}</li>'
        )
    return f'<ul class="map-legend" aria-label="Légende : {escape(title)}">{"".join(items)}</ul>'
