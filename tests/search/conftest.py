"""A small hand-written Normandy directory (30 organisations) and a fresh index per test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from maillage.directory.models import (
    Domain,
    Label,
    MembershipStatus,
    Organisation,
    OrganisationLabel,
)
from maillage.opendata.models import Commune, Department, Epci, Region
from maillage.search import lexicon
from maillage_core.catalogue import DOMAINS, LABELS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "search"


def _json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_places() -> None:
    places = _json("places.json")
    region = Region.objects.create(**places["region"])
    for d in places["departments"]:
        Department.objects.create(code=d["code"], name=d["name"], region=region)
    for e in places["epcis"]:
        Epci.objects.create(siren=e["siren"], name=e["name"])
    for c in places["communes"]:
        Commune.objects.create(
            insee=c["insee"],
            name=c["name"],
            department_id=c["department"],
            region=region,
            epci_id=c["epci"],
            latitude=c["lat"],
            longitude=c["lon"],
        )


def load_organisations() -> dict[str, Organisation]:
    for d in DOMAINS:
        Domain.objects.update_or_create(slug=d.slug, defaults={"label": d.label})
    for lbl in LABELS:
        Label.objects.update_or_create(slug=lbl.slug, defaults={"name": lbl.name})
    communes = {c.insee: c for c in Commune.objects.all()}
    out: dict[str, Organisation] = {}
    for row in _json("organisations.json"):
        commune = communes[row["commune"]]
        org = Organisation.objects.create(
            name=row["name"],
            kind=row["kind"],
            description=row["description"],
            commune=commune,
            department_code=commune.department_id,
            region_code="28",
            epci_siren=commune.epci_id or "",
            size_band=row["size_band"],
            membership=MembershipStatus.MEMBER if row["member"] else MembershipStatus.NONE,
            is_closed=row.get("closed", False),
        )
        org.domains.set(row["domains"])
        for slug in row["labels"]:
            OrganisationLabel.objects.create(organisation=org, label_id=slug)
        out[row["key"]] = org
    return out


@pytest.fixture(autouse=True)
def search_index_dir(settings: Any, tmp_path: Path) -> Path:
    """Every test gets its own empty index directory and a freshly built lexicon."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    lexicon.reset_lexicon()
    return settings.SEARCH_INDEX_DIR


@pytest.fixture
def directory(db: None) -> dict[str, Organisation]:
    """The fixture directory in the database, indexed by a full rebuild."""
    from maillage.search.services import index_rebuild

    load_places()
    orgs = load_organisations()
    assert index_rebuild() == len(orgs)
    return orgs
