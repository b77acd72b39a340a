"""API v1 — open reference data: communes (COG) and ROME 4.0 occupations."""

from __future__ import annotations

import re
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from maillage.opendata.models import Commune, RomeFiche
from maillage.opendata.selectors import (
    commune_by_insee,
    commune_search,
    communes_by_postcode,
    rome_search,
)

router = Router()


class CommuneOut(Schema):
    insee: str
    name: str
    department_code: str
    region_code: str
    epci_siren: str | None
    epci_name: str | None
    population: int | None
    latitude: float | None
    longitude: float | None
    postcodes: list[str]


class RomeOut(Schema):
    code: str
    label: str


def _commune_out(c: Commune) -> dict[str, object]:
    return {
        "insee": c.insee,
        "name": c.name,
        "department_code": c.department_id,
        "region_code": c.region_id,
        "epci_siren": c.epci_id,
        "epci_name": c.epci.name if c.epci else None,
        "population": c.population,
        "latitude": c.latitude,
        "longitude": c.longitude,
        "postcodes": sorted(p.postcode for p in c.postcodes.all()),
    }


@router.get("/communes", response=list[CommuneOut], summary="Rechercher une commune")
def commune_list(
    request: HttpRequest,
    q: Annotated[str, Query(min_length=1, max_length=80, description="nom, code INSEE ou postal")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, object]]:
    """Name prefix (accents and dashes ignored), INSEE code or postcode; largest first."""
    text = q.strip()
    if re.fullmatch(r"\d[\dAB]\d{3}", text.upper()):
        by_code = [c for c in [commune_by_insee(text.upper())] if c is not None]
        found = [*by_code, *communes_by_postcode(text)]
    else:
        found = commune_search(text, limit=limit)
    ids = list(dict.fromkeys(c.insee for c in found))[:limit]
    rows = {
        c.insee: c
        for c in Commune.objects.select_related("epci")
        .prefetch_related("postcodes")
        .filter(insee__in=ids)
    }
    return [_commune_out(rows[i]) for i in ids if i in rows]


@router.get("/communes/{insee}", response=CommuneOut, summary="Une commune")
def commune_detail(
    request: HttpRequest,
    insee: Annotated[str, Path(pattern=r"^\d[\dABab]\d{3}$")],
) -> dict[str, object]:
    commune = (
        Commune.objects.select_related("epci")
        .prefetch_related("postcodes")
        .filter(insee=insee.upper())
        .first()
    )
    if commune is None:
        raise Http404("commune inconnue")
    return _commune_out(commune)


@router.get("/rome", response=list[RomeOut], summary="Rechercher un métier ROME")
def rome_list(
    request: HttpRequest,
    q: Annotated[str, Query(min_length=2, max_length=80)],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[dict[str, str]]:
    """ROME 4.0 fiches by code, or whose label or an appellation contains the text."""
    text = q.strip()
    if re.fullmatch(r"[A-Za-z]\d{4}", text):
        fiche = RomeFiche.objects.filter(code=text.upper()).first()
        return [{"code": fiche.code, "label": fiche.label}] if fiche else []
    return [{"code": f.code, "label": f.label} for f in rome_search(text, limit=limit)]
