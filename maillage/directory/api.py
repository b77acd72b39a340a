"""API v1 — the directory: search with facets and the public record of one organisation."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from maillage.directory import access, facets
from maillage.directory.forms import MAX_PAGE, MAX_RADIUS_KM, build_search_query
from maillage.directory.models import Organisation
from maillage.search.services import organisation_search

router = Router()

MAX_ID = 2**63 - 1
FacetValues = Annotated[list[str], Field(default_factory=list, max_length=50)]


class LabelOut(Schema):
    slug: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class OrganisationOut(Schema):
    """Public fields only: never contacts."""

    id: int
    name: str
    siret: str | None
    siren: str
    kind: str
    naf_code: str
    size_band: str
    size_band_label: str
    legal_category: str
    is_head_office: bool
    is_closed: bool
    address: str
    postcode: str
    commune_insee: str | None
    commune_name: str | None
    department_code: str
    region_code: str
    epci_siren: str
    latitude: float | None
    longitude: float | None
    hq_country: str
    hq_region_code: str
    website: str
    description: str
    membership: str
    domains: list[str]
    labels: list[LabelOut]
    is_demo: bool


class OrganisationHit(OrganisationOut):
    score: float
    distance_km: float | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class OrganisationPage(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    results: list[OrganisationHit]
    facets: dict[str, list[FacetValueOut]]


def _out(o: Organisation) -> dict[str, object]:
    return {
        "id": o.pk,
        "name": o.name,
        "siret": o.siret,
        "siren": o.siren,
        "kind": o.kind,
        "naf_code": o.naf_code,
        "size_band": o.size_band,
        "size_band_label": facets.size_band_label(o.size_band) if o.size_band else "",
        "legal_category": o.legal_category,
        "is_head_office": o.is_head_office,
        "is_closed": o.is_closed,
        "address": o.address,
        "postcode": o.postcode,
        "commune_insee": o.commune_id,
        "commune_name": o.commune.name if o.commune else None,
        "department_code": o.department_code,
        "region_code": o.region_code,
        "epci_siren": o.epci_siren,
        "latitude": o.latitude,
        "longitude": o.longitude,
        "hq_country": o.hq_country,
        "hq_region_code": o.hq_region_code,
        "website": o.website,
        "description": o.description,
        "membership": o.membership,
        "domains": [d.slug for d in o.domains.all()],
        "labels": [
            {
                "slug": ol.label.slug,
                "name": ol.label.name,
                "valid_from": ol.valid_from,
                "valid_to": ol.valid_to,
            }
            for ol in o.labels.all()
        ],
        "is_demo": o.is_demo,
    }


@router.get("", response=OrganisationPage, summary="Rechercher des organisations")
def organisation_list(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=200, description="texte libre")] = "",
    department: Annotated[list[str], Query(description="code département")] = [],  # noqa: B006
    epci: Annotated[list[str], Query(description="SIREN de l'EPCI")] = [],  # noqa: B006
    kind: Annotated[list[str], Query(description="type d'organisation")] = [],  # noqa: B006
    domain: Annotated[list[str], Query(description="domaine (slug)")] = [],  # noqa: B006
    label: Annotated[list[str], Query(description="label (slug)")] = [],  # noqa: B006
    size_band: Annotated[list[str], Query(description="tranche d'effectif INSEE")] = [],  # noqa: B006
    member: Annotated[list[str], Query(description="adhérent : yes / no")] = [],  # noqa: B006
    near: Annotated[str, Query(max_length=120, description="commune : code INSEE ou nom")] = "",
    radius_km: Annotated[float | None, Query(gt=0, le=MAX_RADIUS_KM)] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, object]:
    """Full-text and faceted search (OR inside a facet, AND across facets), optional radius.

    Facet counts for a filtered facet ignore that facet's own filter (disjunctive facets).
    """
    parsed = build_search_query(
        text=q,
        facets={
            "department": department,
            "epci": epci,
            "kind": kind,
            "domain": domain,
            "label": label,
            "size_band": size_band,
            "member": member,
        },
        near=near,
        radius_km=radius_km,
        page=page,
        per_page=per_page,
    )
    result = organisation_search(parsed.query)
    hits = {h.organisation_id: h for h in result.hits}
    rows = access.access_organisations_by_ids(user=request.user, ids=list(hits))
    counts = facets.disjunctive_facets(parsed.query, result, organisation_search)
    labels = facets.facet_labels(counts)
    return {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "per_page": result.per_page,
        "results": [
            {**_out(o), "score": hits[o.pk].score, "distance_km": hits[o.pk].distance_km}
            for o in rows
        ],
        "facets": {
            name: [
                {"value": v, "label": labels.get(name, {}).get(v, v), "count": c} for v, c in values
            ]
            for name, values in counts.items()
        },
    }


@router.get("/{organisation_id}", response=OrganisationOut, summary="Une organisation")
def organisation_detail(
    request: HttpRequest, organisation_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> dict[str, object]:
    organisation = access.access_organisation_by_id(
        user=request.user, organisation_id=organisation_id
    )
    return _out(organisation)
