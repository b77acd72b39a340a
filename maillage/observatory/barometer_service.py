"""The barometer on the platform's data: reference tables from the database, results stored
as a dated snapshot (Parquet cells + the summary with source, date and definition version)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type stubs
from django.conf import settings
from django.db import transaction
from django.db.models import F

from maillage.directory.models import Organisation
from maillage.observatory import snapshots
from maillage.observatory.barometer import (
    REQUIRED_COLUMNS,
    Barometer,
    BarometerError,
    BarometerRefs,
    from_rows,
    from_sirene_csv,
)
from maillage.observatory.models import Snapshot
from maillage.opendata.models import Commune, Department, DigitalSectorDefinition, SizeBand


def refs_from_db() -> BarometerRefs:
    definition = DigitalSectorDefinition.objects.order_by(
        F("valid_from").desc(nulls_last=True), "-version"
    ).first()
    if definition is None:
        raise BarometerError(
            "no digital-sector definition is loaded (run: maillage opendata load naf)"
        )
    midpoints = {
        code: float(mid or 0) for code, mid in SizeBand.objects.values_list("code", "midpoint")
    }
    if not midpoints:
        raise BarometerError(
            "size bands are not loaded (run: maillage opendata load sirene-nomenclatures)"
        )
    return BarometerRefs(
        region_code=str(settings.REGION_CODE),
        digital_naf=frozenset(definition.codes.values_list("naf_code", flat=True)),
        definition_version=definition.version,
        midpoints=midpoints,
        communes={
            insee: (dep, epci or "")
            for insee, dep, epci in Commune.objects.values_list("insee", "department_id", "epci_id")
        },
        department_region=dict(Department.objects.values_list("code", "region_id")),
        nomenclature=definition.nomenclature,
    )


def _directory_rows() -> pa.Table:
    cols: dict[str, list[str]] = {c: [] for c in REQUIRED_COLUMNS}
    for siret, created, band, commune, closed, closed_on, naf in Organisation.objects.exclude(
        naf_code=""
    ).values_list(
        "siret", "created_on", "size_band", "commune_id", "is_closed", "closed_on", "naf_code"
    ):
        cols["siret"].append(siret or "")
        cols["dateCreationEtablissement"].append(created.isoformat() if created else "")
        cols["trancheEffectifsEtablissement"].append(band)
        cols["codeCommuneEtablissement"].append(commune or "")
        cols["etatAdministratifEtablissement"].append("F" if closed else "A")
        cols["dateDebut"].append(closed_on.isoformat() if closed_on else "")
        cols["activitePrincipaleEtablissement"].append(naf)
    return pa.table(cols, schema=pa.schema([(c, pa.string()) for c in REQUIRED_COLUMNS]))


@transaction.atomic
def barometer_compute(*, today: date, sirene_file: Path | None = None) -> Barometer:
    """Compute the barometer (from a Sirene stock file, else from the directory) and store it
    as today's `barometer` snapshot."""
    refs = refs_from_db()
    if sirene_file is not None:
        result = from_sirene_csv(sirene_file, refs)
    else:
        result = from_rows(
            _directory_rows(),
            refs,
            source="annuaire maillage",
            source_date=today.isoformat(),
            national=False,
        )
    path = snapshots.write_table("barometer", today, result.cells)
    Snapshot.objects.update_or_create(
        kind="barometer",
        taken_on=today,
        defaults={"path": str(path), "rows": result.cells.num_rows, "meta": result.summary()},
    )
    return result
