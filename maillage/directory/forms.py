"""Parse the directory search parameters (page and API alike) into a `SearchQuery`.

Forms check shape only: lengths, number formats, allowed characters. The one lookup is resolving
the "à moins de N km de <commune>" centre, given as an INSEE code or a commune name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms

from maillage.opendata.models import Commune
from maillage.opendata.selectors import commune_by_insee, commune_search
from maillage.search.types import FACETS, SearchQuery

PER_PAGE = 20
MAX_PAGE = 500
DEFAULT_RADIUS_KM = 30.0
MAX_RADIUS_KM = 300.0
MAX_VALUES_PER_FACET = 50
_FACET_VALUE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
_INSEE = re.compile(r"^(\d[\dAB]\d{3})$")
_NAME_DEPARTMENT = re.compile(r"^(.+?)\s*\((\d[\dABab]|\d{3})\)$")


class SearchInputError(ValueError):
    """The search parameters are malformed (shown to the user, 400 in the API)."""


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher", max_length=200, required=False)
    pres_de = forms.CharField(label="Commune (nom ou code INSEE)", max_length=120, required=False)
    rayon = forms.FloatField(
        label="Rayon (km)", required=False, min_value=1, max_value=MAX_RADIUS_KM
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


@dataclass(frozen=True)
class ParsedSearch:
    query: SearchQuery
    near_label: str  # the resolved commune, for display ("Caen (14)")


def resolve_commune(text: str) -> Commune | None:
    """A commune from its INSEE code, its name, or "name (département)".

    Accents, case and dashes are ignored; for a bare name, an exact match wins, else the most
    populated commune whose name starts so.
    """
    text = text.strip()
    if not text:
        return None
    if _INSEE.match(text.upper()):
        return commune_by_insee(text.upper())
    with_department = _NAME_DEPARTMENT.match(text)
    if with_department:
        # "Saint-Martin (50)", as the autocomplete and the result count write it.
        name, department = with_department.group(1), with_department.group(2).upper()
        for commune in commune_search(name, limit=50):
            if commune.department_id == department:
                return commune
        return None
    found = commune_search(text, limit=1)
    return found[0] if found else None


def clean_facet_values(facet: str, values: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(cleaned) > MAX_VALUES_PER_FACET:
        raise SearchInputError(f"trop de valeurs pour le filtre « {facet} »")
    for value in cleaned:
        if not _FACET_VALUE.match(value):
            raise SearchInputError(f"valeur invalide pour le filtre « {facet} »")
    return cleaned


def build_search_query(
    *,
    text: str,
    facets: Mapping[str, Sequence[str]],
    near: str = "",
    radius_km: float | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ParsedSearch:
    """Validated parameters → SearchQuery; raises SearchInputError with a French reason."""
    if len(text) > 200:
        raise SearchInputError("la recherche est trop longue (200 caractères au plus)")
    if not 1 <= page <= MAX_PAGE:
        raise SearchInputError(f"page hors limites (1 à {MAX_PAGE})")
    filters = {}
    for facet in FACETS:
        values = clean_facet_values(facet, facets.get(facet, ()))
        if values:
            filters[facet] = values
    near_insee: str | None = None
    near_label = ""
    radius: float | None = None
    if near.strip():
        commune = resolve_commune(near)
        if commune is None:
            raise SearchInputError(f"commune inconnue : « {near.strip()[:60]} »")
        if commune.latitude is None or commune.longitude is None:
            raise SearchInputError(f"la commune {commune.name} n'a pas de coordonnées")
        near_insee = commune.insee
        near_label = f"{commune.name} ({commune.department_id})"
        radius = DEFAULT_RADIUS_KM if radius_km is None else radius_km
        if not 0 < radius <= MAX_RADIUS_KM:
            raise SearchInputError(f"rayon hors limites (1 à {MAX_RADIUS_KM:.0f} km)")
    query = SearchQuery(
        text=text.strip(),
        filters=filters,
        near_commune=near_insee,
        radius_km=radius,
        page=page,
        per_page=per_page,
    )
    return ParsedSearch(query=query, near_label=near_label)
