"""Reads of the directory: organisations for display, key figures, lookups used by importers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from maillage.directory.adapters import CommuneGeo
from maillage.directory.models import (
    Domain,
    Label,
    Organisation,
    OrganisationKind,
    OrganisationLabel,
)
from maillage.opendata.models import Commune, CommunePostcode, Department
from maillage_core.member_sheet import label_key, label_spellings


def organisations_by_ids(ids: Iterable[int]) -> list[Organisation]:
    """The organisations with these ids, in the order given (unknown ids are skipped)."""
    wanted = list(ids)
    if not wanted:
        return []
    qs = (
        Organisation.objects.select_related("commune", "commune__epci")
        .prefetch_related(
            "domains",
            Prefetch("labels", queryset=OrganisationLabel.objects.select_related("label")),
        )
        .filter(id__in=wanted)
    )
    by_id = {o.id: o for o in qs}
    return [by_id[i] for i in wanted if i in by_id]


def organisation_detail(organisation_id: int) -> Organisation | None:
    """One organisation with everything its page shows (commune, EPCI, domains, labels, skills)."""
    return (
        Organisation.objects.select_related("commune", "commune__epci", "commune__department")
        .prefetch_related(
            "domains",
            "skills",
            "declared_labels",
            Prefetch("labels", queryset=OrganisationLabel.objects.select_related("label")),
        )
        .filter(id=organisation_id)
        .first()
    )


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    count: int


def organisation_counts_by_department(*, include_closed: bool = False) -> list[CountRow]:
    """Organisations per département (code order), with the département's name when known."""
    qs = Organisation.objects.all() if include_closed else Organisation.objects.active()
    rows = (
        qs.exclude(department_code="")
        .values("department_code")
        .annotate(n=Count("id"))
        .order_by("department_code")
    )
    names = dict(Department.objects.values_list("code", "name"))
    return [
        CountRow(
            r["department_code"], names.get(r["department_code"], r["department_code"]), r["n"]
        )
        for r in rows
    ]


def organisation_counts_by_kind(*, include_closed: bool = False) -> list[CountRow]:
    """Organisations per kind, largest first (ties by code), with the French label."""
    qs = Organisation.objects.all() if include_closed else Organisation.objects.active()
    rows = qs.values("kind").annotate(n=Count("id"))
    labels = dict(OrganisationKind.choices)
    out = [CountRow(r["kind"], str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows]
    return sorted(out, key=lambda r: (-r.count, r.code))


def commune_geo_index() -> dict[str, CommuneGeo]:
    """Every commune by INSEE code (about 35,000 small records: one query, a few MB)."""
    rows = Commune.objects.values_list(
        "insee", "department_id", "region_id", "epci_id", "latitude", "longitude"
    )
    return {
        insee: CommuneGeo(insee, dep, reg, epci or "", lat, lon)
        for insee, dep, reg, epci, lat, lon in rows.iterator(chunk_size=5000)
    }


def communes_for_postcode(postcode: str) -> list[str]:
    """INSEE codes of the communes served by a postcode (sorted)."""
    return sorted(
        CommunePostcode.objects.filter(postcode=postcode).values_list("commune_id", flat=True)
    )


def domain_lookup() -> dict[str, str]:
    """Domain slug and lower-cased label → slug."""
    out: dict[str, str] = {}
    for slug, label in Domain.objects.values_list("slug", "label"):
        out[slug.lower()] = slug
        out[label.lower()] = slug
    return out


def label_lookup() -> dict[str, str]:
    """Every spelling of every label in the database → slug, by `label_key` (folded, without
    spaces or punctuation): its slug, its name and the catalogue's aliases."""
    out: dict[str, str] = {}
    known = dict(Label.objects.values_list("slug", "name"))
    for slug, name in known.items():
        out.setdefault(label_key(slug), slug)
        out.setdefault(label_key(name), slug)
    for key, slug in label_spellings().items():
        if slug in known:
            out.setdefault(key, slug)
    return out
