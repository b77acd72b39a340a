"""The labelled evaluation set (tests/fixtures/matching) loaded into the database and indexed.

Used by the engine evaluation test and by `bench/bench_matching.py`: places, départements,
domains, labels, the 309 organisations (skills as `OrganisationSkill` rows, responders as
`ResponderCommitment` rows), then a full index rebuild. Bulk writes: about a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from maillage.directory.models import (
    Domain,
    Label,
    MembershipStatus,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.matching.models import ResponderCommitment
from maillage.opendata.models import Commune, CommunePostcode, Department, Region
from maillage_core.catalogue import DOMAINS, LABELS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"
SOURCE = "evalset"
REGION_NAMES = {
    "11": "Île-de-France", "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est",
    "52": "Pays de la Loire", "53": "Bretagne", "75": "Nouvelle-Aquitaine",
    "76": "Occitanie", "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur",
}  # fmt: skip


def lines(name: str) -> Iterator[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_places() -> None:
    departments = list(lines("departments.jsonl"))
    places = list(lines("places.jsonl"))
    regions = {d["region"] for d in departments} | {p["region"] for p in places}
    for code in sorted(regions):
        Region.objects.get_or_create(code=code, defaults={"name": REGION_NAMES.get(code, code)})
    for d in departments:
        Department.objects.get_or_create(
            code=d["code"], defaults={"name": d["name"], "region_id": d["region"]}
        )
    known = set(Commune.objects.values_list("insee", flat=True))
    new = [p for p in places if p["insee"] not in known]
    Commune.objects.bulk_create(
        Commune(
            insee=p["insee"],
            name=p["name"],
            department_id=p["department"],
            region_id=p["region"],
            population=p["population"],
            latitude=p["lat"],
            longitude=p["lon"],
        )
        for p in new
    )
    CommunePostcode.objects.bulk_create(
        CommunePostcode(commune_id=p["insee"], postcode=code)
        for p in new
        for code in p["postcodes"]
    )


def load_directory() -> dict[str, int]:
    """The evaluation organisations; returns fixture id → database id."""
    for d in DOMAINS:
        Domain.objects.update_or_create(slug=d.slug, defaults={"label": d.label})
    for lbl in LABELS:
        Label.objects.update_or_create(slug=lbl.slug, defaults={"name": lbl.name})
    rows = list(lines("directory.jsonl"))
    Organisation.objects.bulk_create(
        Organisation(
            source=SOURCE,
            external_id=r["id"],
            name=r["name"],
            kind=r["kind"],
            description=r["description"],
            commune_id=r["commune"],
            department_code=r["commune"][:2],
            region_code=r["hq_region"] if r["hq_country"] == "FR" else "",
            latitude=r["lat"],
            longitude=r["lon"],
            size_band=r["size_band"],
            membership=MembershipStatus.MEMBER if r["member"] else MembershipStatus.NONE,
            hq_region_code=r["hq_region"],
            hq_country=r["hq_country"],
        )
        for r in rows
    )
    ids = dict(Organisation.objects.filter(source=SOURCE).values_list("external_id", "id"))
    through = Organisation.domains.through
    through.objects.bulk_create(
        through(organisation_id=ids[r["id"]], domain_id=d) for r in rows for d in r["domains"]
    )
    OrganisationLabel.objects.bulk_create(
        OrganisationLabel(organisation_id=ids[r["id"]], label_id=s)
        for r in rows
        for s in r["labels"]
    )
    OrganisationSkill.objects.bulk_create(
        OrganisationSkill(
            organisation_id=ids[r["id"]],
            taxonomy=OrganisationSkill.Taxonomy.ESCO_SKILL,
            code=f"{SOURCE}:{i}",
            label=skill,
        )
        for r in rows
        for i, skill in enumerate(r["skills"])
    )
    ResponderCommitment.objects.bulk_create(
        ResponderCommitment(
            organisation_id=ids[r["id"]],
            on_call=True,
            response_time_minutes=int((r["emergency"].get("response_hours") or 4) * 60),
        )
        for r in rows
        if r.get("emergency", {}).get("on_call")
    )
    return {str(k): int(v) for k, v in ids.items()}


def load_and_index() -> dict[str, int]:
    from maillage.search.services import index_rebuild

    load_places()
    ids = load_directory()
    index_rebuild()
    return ids


def needs() -> list[dict[str, Any]]:
    return list(lines("needs.jsonl"))
