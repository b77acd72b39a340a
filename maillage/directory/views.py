"""Directory pages: the searchable annuaire and the organisation page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.common.templatetags.maillage_map import Place, PositionMap, build_position_map
from maillage.directory import access, facets
from maillage.directory.forms import (
    OrganisationSearchForm,
    SearchInputError,
    build_search_query,
)
from maillage.directory.models import Organisation, OrganisationSkill
from maillage.opendata.models import Commune, NafCode, Region
from maillage.search.services import SearchError, organisation_search
from maillage.search.types import FACETS

MAP_PLACES = 8


def organisation_search_page(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "searched": bool(request.GET)}
    status = 200
    selected = {f: tuple(request.GET.getlist(f)) for f in FACETS if request.GET.getlist(f)}
    if form.is_bound and not form.is_valid():
        context["error"] = "Les paramètres de recherche sont invalides."
        return render(request, "directory/search.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    try:
        parsed = build_search_query(
            text=data.get("q") or "",
            facets=selected,
            near=data.get("pres_de") or "",
            radius_km=data.get("rayon"),
            page=data.get("page") or 1,
        )
    except SearchInputError as exc:
        context["error"] = str(exc).capitalize() + "."
        return render(request, "directory/search.html", context, status=400)
    try:
        result = organisation_search(parsed.query)
    except SearchError as exc:
        context["error"] = f"Recherche impossible : {exc}."
        return render(request, "directory/search.html", context, status=400)
    ids = [h.organisation_id for h in result.hits]
    distances = {h.organisation_id: h.distance_km for h in result.hits}
    rows = access.access_organisations_by_ids(user=request.user, ids=ids)
    results = [(o, distances.get(o.pk)) for o in rows]
    base_params = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]
    context.update(
        {
            "result": result,
            "results": results,
            "facet_groups": facets.facet_groups(
                facets.disjunctive_facets(parsed.query, result, organisation_search),
                parsed.query.filters,
            ),
            "near_label": parsed.near_label,
            "radius_km": parsed.query.radius_km,
            "pagination": _pagination(result.page, result.pages, base_params),
            "start": (result.page - 1) * result.per_page + 1,
            "has_filters": bool(parsed.query.filters or parsed.query.near_commune),
        }
    )
    return render(request, "directory/search.html", context, status=status)


def _pagination(page: int, pages: int, params: list[tuple[str, str]]) -> dict[str, object]:
    def url(p: int) -> str:
        return "?" + urlencode([*params, ("page", str(p))])

    window = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    items: list[dict[str, object]] = []
    previous = 0
    for p in window:
        if p - previous > 1:
            items.append({"gap": True})
        items.append({"number": p, "url": url(p), "current": p == page})
        previous = p
    return {
        "items": items if pages > 1 else [],
        "previous": url(page - 1) if page > 1 else "",
        "next": url(page + 1) if page < pages else "",
        "page": page,
        "pages": pages,
    }


def organisation_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.access_organisation_by_id(
        user=request.user, organisation_id=organisation_id
    )
    contacts_allowed = access.can_see_contacts(user=request.user, organisation=organisation)
    contacts = (
        list(access.access_contacts(user=request.user, organisation=organisation))
        if contacts_allowed
        else []
    )
    naf = (
        NafCode.objects.filter(code=organisation.naf_code).first()
        if organisation.naf_code
        else None
    )
    hq_region = (
        Region.objects.filter(code=organisation.hq_region_code).first()
        if organisation.hq_region_code
        else None
    )
    skills = list(organisation.skills.all())  # prefetched with the organisation
    own_words = OrganisationSkill.Taxonomy.SPECIALTY
    context = {
        "organisation": organisation,
        "specialties": sorted(
            (s for s in skills if s.taxonomy == own_words), key=lambda s: s.label.casefold()
        ),
        "taxonomy_skills": [s for s in skills if s.taxonomy != own_words],
        "declared_labels": list(organisation.declared_labels.all()),
        "naf": naf,
        "size_band_label": facets.size_band_label(organisation.size_band)
        if organisation.size_band
        else "",
        "legal_category_label": facets.legal_category_label(organisation.legal_category),
        "hq_country_label": facets.country_label(organisation.hq_country),
        "hq_region": hq_region,
        "membership_label": facets.membership_label(organisation.membership),
        "contacts_allowed": contacts_allowed,
        "contacts": contacts,
        "position": _position_map(organisation),
    }
    return render(request, "directory/organisation.html", context)


def _position_map(organisation: Organisation) -> PositionMap | None:
    """The organisation among the largest communes of its département (None without coordinates)."""
    commune = organisation.commune
    lat = (
        organisation.latitude
        if organisation.latitude is not None
        else (commune.latitude if commune else None)
    )
    lon = (
        organisation.longitude
        if organisation.longitude is not None
        else (commune.longitude if commune else None)
    )
    if lat is None or lon is None:
        return None
    department_code = organisation.department_code or (commune.department_id if commune else "")
    places: list[Place] = []
    area_name = ""
    cloud: list[tuple[float, float]] = []
    if department_code:
        in_department = Commune.objects.filter(
            department_id=department_code, latitude__isnull=False, longitude__isnull=False
        )
        cloud = [
            (c_lat, c_lon)
            for c_lat, c_lon in in_department.values_list("latitude", "longitude")
            if c_lat is not None and c_lon is not None
        ]
        largest = in_department.select_related("department").order_by("-population", "insee")[
            :MAP_PLACES
        ]
        places = [
            Place(c.name, c.latitude or 0.0, c.longitude or 0.0, c.population or 0) for c in largest
        ]
        if largest:
            area_name = largest[0].department.name
    return build_position_map(
        target=Place(organisation.name, lat, lon),
        places=places,
        area_name=area_name or department_code,
        background=cloud,
    )
