"""API v1 — open reference data: communes (COG) and ROME 4.0 occupations."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from maillage.opendata.models import Commune, RomeAppellation, RomeFiche

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
    matched: str  # the fiche or appellation label that matched the query


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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@router.get("/communes", response=list[CommuneOut], summary="Rechercher une commune")
def commune_list(
    request: HttpRequest,
    q: Annotated[str, Query(min_length=1, max_length=80, description="nom, code INSEE ou postal")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, object]]:
    """Name prefix (accents ignored), INSEE code or postcode; largest communes first."""
    text = q.strip()
    base = Commune.objects.select_related("epci").prefetch_related("postcodes")
    if re.fullmatch(r"\d[\dAB]\d{3}", text.upper()):
        rows = base.filter(Q(insee=text.upper()) | Q(postcodes__postcode=text)).distinct()
        found = sorted(rows, key=lambda c: (-(c.population or 0), c.insee))[:limit]
        return [_commune_out(c) for c in found]
    wanted = _fold(text)
    # Narrow in SQL on the unaccented first letter when it has no accent; otherwise scan by size.
    head = text[:1]
    narrowed = base.filter(name__istartswith=head) if _fold(head) == head.casefold() else base
    out = []
    for c in narrowed.order_by("-population", "insee").iterator(chunk_size=2000):
        if _fold(c.name).startswith(wanted):
            out.append(_commune_out(c))
            if len(out) >= limit:
                break
    return out


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
    """ROME 4.0 fiches whose label or an appellation contains the words (accents ignored)."""
    text = q.strip()
    if re.fullmatch(r"[A-Za-z]\d{4}", text):
        fiche = RomeFiche.objects.filter(code=text.upper()).first()
        return [{"code": fiche.code, "label": fiche.label, "matched": fiche.label}] if fiche else []
    words = _fold(text).split()
    found: dict[str, dict[str, str]] = {}
    for fiche in RomeFiche.objects.order_by("code").only("code", "label"):
        if all(w in _fold(fiche.label) for w in words):
            found.setdefault(
                fiche.code, {"code": fiche.code, "label": fiche.label, "matched": fiche.label}
            )
    if len(found) < limit:
        appellations = RomeAppellation.objects.select_related("fiche").order_by("code")
        for a in appellations.iterator(chunk_size=2000):
            if a.fiche_id not in found and all(w in _fold(a.label) for w in words):
                found[a.fiche_id] = {"code": a.fiche_id, "label": a.fiche.label, "matched": a.label}
                if len(found) >= limit:
                    break
    return sorted(found.values(), key=lambda r: r["code"])[:limit]
