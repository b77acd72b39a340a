"""A bundled sample of communes and départements for machines without the official files.

`maillage opendata load` is the real path; this sample only lets `make run` and the
matchmaking evaluation work anywhere. Rows already present are left alone (idempotent).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from maillage.opendata.models import Commune, CommunePostcode, Department, Region

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
REGION_NAMES = {
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
    "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire",
    "53": "Bretagne", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}  # fmt: skip


def sample_rows(name: str) -> Iterator[dict[str, Any]]:
    """Rows of `communes.jsonl` or `departements.jsonl`."""
    with (SAMPLE_DIR / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@transaction.atomic
def sample_load() -> int:
    """Load the sample régions, départements and communes; returns the communes created."""
    departments = list(sample_rows("departements.jsonl"))
    places = list(sample_rows("communes.jsonl"))
    for code in sorted({d["region"] for d in departments} | {p["region"] for p in places}):
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
    return len(new)
