"""Reads the search index needs from the database: documents, ids, commune coordinates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from maillage.directory.models import MembershipStatus, Organisation, OrganisationLabel
from maillage.opendata.models import Commune, Department, Epci, NafCode
from maillage.search.schema import SearchDocument
from maillage_core.geo import Point

BATCH = 1000


def _naf_variants(code: str) -> list[str]:
    """NAF codes appear as "62.01Z" and "6201Z": look both up."""
    code = code.strip().upper()
    if not code:
        return []
    bare = code.replace(".", "")
    dotted = f"{bare[:2]}.{bare[2:]}" if len(bare) > 2 else bare
    return list(dict.fromkeys([code, bare, dotted]))


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related(
        "commune", "commune__department", "commune__epci"
    ).prefetch_related(
        "domains",
        "skills",
        Prefetch("labels", queryset=OrganisationLabel.objects.select_related("label")),
    )


def organisation_documents(ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """Search documents for these organisations (all when `ids` is None), by ascending id.

    Queries per batch of 1000: organisations, domains, skills, labels, NAF, départements,
    EPCI — never one per row.
    """
    if ids is None:
        all_ids = list(Organisation.objects.order_by("id").values_list("id", flat=True))
    else:
        all_ids = sorted(set(ids))
    for start in range(0, len(all_ids), BATCH):
        chunk = all_ids[start : start + BATCH]
        orgs = list(_organisations().filter(id__in=chunk).order_by("id"))
        naf_codes = {v for o in orgs for v in _naf_variants(o.naf_code)}
        naf = dict(NafCode.objects.filter(code__in=naf_codes).values_list("code", "label"))
        dept_codes = {o.department_code for o in orgs if o.department_code}
        departments = dict(
            Department.objects.filter(code__in=dept_codes).values_list("code", "name")
        )
        epci_codes = {o.epci_siren for o in orgs if o.epci_siren}
        epcis = dict(Epci.objects.filter(siren__in=epci_codes).values_list("siren", "name"))
        for org in orgs:
            yield _document(org, naf=naf, departments=departments, epcis=epcis)


def _document(
    org: Organisation,
    *,
    naf: dict[str, str],
    departments: dict[str, str],
    epcis: dict[str, str],
) -> SearchDocument:
    commune = org.commune
    department = org.department_code or (commune.department_id if commune else "")
    epci = org.epci_siren or (commune.epci_id or "" if commune else "")
    domains = list(org.domains.all())
    labels = [ol.label for ol in org.labels.all()]
    skills = [s.label for s in org.skills.all()]
    naf_label = next((naf[v] for v in _naf_variants(org.naf_code) if v in naf), "")
    body = [
        org.description,
        naf_label,
        commune.name if commune else "",
        departments.get(department) or (commune.department.name if commune else ""),
        epcis.get(epci) or (commune.epci.name if commune and commune.epci else ""),
    ]
    lat, lon = org.latitude, org.longitude
    if (lat is None or lon is None) and commune is not None:
        lat, lon = commune.latitude, commune.longitude
    return SearchDocument(
        id=org.id,
        name=org.name,
        tags=tuple([d.label for d in domains] + [lbl.name for lbl in labels] + skills),
        body=tuple(t for t in body if t),
        facets={
            "department": (department,) if department else (),
            "epci": (epci,) if epci else (),
            "kind": (org.kind,),
            "domain": tuple(sorted(d.slug for d in domains)),
            "label": tuple(sorted(lbl.slug for lbl in labels)),
            "size_band": (org.size_band,) if org.size_band else (),
            "member": ("yes" if org.membership == MembershipStatus.MEMBER else "no",),
        },
        lat=lat,
        lon=lon,
        closed=org.is_closed,
        updated=int(org.updated_at.timestamp() * 1_000_000) if org.updated_at else 0,
    )


def organisation_versions() -> dict[int, int]:
    """id → updated_at (µs) of every organisation in the database."""
    return {
        pk: int(updated.timestamp() * 1_000_000) if updated else 0
        for pk, updated in Organisation.objects.values_list("id", "updated_at")
    }


def commune_point(insee: str) -> tuple[str, Point] | None:
    """(name, coordinates) of a commune by INSEE code, or None if unknown or not located."""
    row = (
        Commune.objects.filter(insee=insee.strip())
        .values_list("name", "latitude", "longitude")
        .first()
    )
    if row is None or row[1] is None or row[2] is None:
        return None
    return row[0], Point(row[1], row[2])


def organisation_rows(ids: list[int]) -> dict[int, tuple[str, str]]:
    """id → (name, commune name) for displaying search hits (one query)."""
    return {
        pk: (name, commune or "")
        for pk, name, commune in Organisation.objects.filter(id__in=ids).values_list(
            "id", "name", "commune__name"
        )
    }
