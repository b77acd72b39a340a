"""Territory contours read at runtime from the open-data folder (`geo/contours/*.geojson`);
never committed. Départements of the region come from the France file filtered by region
code; EPCI from any `*epci*.geojson` there, kept when they belong to the region's communes."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from maillage.observatory.maps import MapGeometry, Territory, project, territories_from_geojson
from maillage.opendata.models import Commune
from maillage.opendata.services import data_dir_candidates

DEPARTMENTS_FILE = "france_departements_metropole_simplifies.geojson"


def contours_dir() -> Path | None:
    for candidate in data_dir_candidates():
        path = candidate / "geo" / "contours"
        if path.is_dir():
            return path
    return None


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, object]:
    with open(path, encoding="utf-8") as fh:
        doc: dict[str, object] = json.load(fh)
    return doc


def region_departments() -> MapGeometry | None:
    """The region's départements, projected (cached per region)."""
    return _region_departments(str(settings.REGION_CODE))


@lru_cache(maxsize=4)
def _region_departments(region: str) -> MapGeometry | None:
    folder = contours_dir()
    if folder is None or not (folder / DEPARTMENTS_FILE).exists():
        return None
    doc = _load(str(folder / DEPARTMENTS_FILE))
    features = [
        f
        for f in doc.get("features", [])  # type: ignore[attr-defined]  # GeoJSON mapping
        if str((f.get("properties") or {}).get("code_region", "")) == region
    ]
    return project(territories_from_geojson({"features": features}, "code"))


def region_epcis() -> MapGeometry | None:
    """The region's EPCI, projected (cached per region and set of EPCI of its communes)."""
    wanted = frozenset(
        Commune.objects.filter(region_id=str(settings.REGION_CODE))
        .exclude(epci_id=None)
        .values_list("epci_id", flat=True)
        .distinct()
    )
    return _region_epcis(wanted)


@lru_cache(maxsize=4)
def _region_epcis(wanted: frozenset[str]) -> MapGeometry | None:
    folder = contours_dir()
    if folder is None or not wanted:
        return None
    out: dict[str, Territory] = {}
    for path in sorted(folder.glob("*epci*.geojson")):
        for t in territories_from_geojson(_load(str(path)), "siren"):
            if t.code in wanted:
                out.setdefault(t.code, t)
    return project(sorted(out.values(), key=lambda t: t.code))
