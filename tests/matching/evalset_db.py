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
from maillage.opendata.sample import sample_load, sample_rows
from maillage_core.catalogue import DOMAINS, LABELS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"
SOURCE = "evalset"
SAMPLE_NAMES = {"places.jsonl": "communes.jsonl", "departments.jsonl": "departements.jsonl"}


def lines(name: str) -> Iterator[dict[str, Any]]:
    if name in SAMPLE_NAMES:  # the places live with the bundled open-data sample
        yield from sample_rows(SAMPLE_NAMES[name])
        return
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_places() -> None:
    sample_load()


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
