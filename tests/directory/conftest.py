"""Small reference data for the directory tests (a few real communes, the digital NAF list)."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.opendata.models import (
    Commune,
    CommunePostcode,
    Department,
    DigitalSectorCode,
    DigitalSectorDefinition,
    Epci,
    Region,
)

SMALL_SIRENE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "directory"
    / ("stock_etablissement_small.csv")
)


@pytest.fixture
def geo(db: None) -> None:
    """Normandy (28) and Île-de-France (11) with Caen, Rouen, Paris and a few départements."""
    normandie = Region.objects.create(code="28", name="Normandie")
    idf = Region.objects.create(code="11", name="Île-de-France")
    deps = {
        code: Department.objects.create(code=code, name=name, region=normandie)
        for code, name in [
            ("14", "Calvados"),
            ("27", "Eure"),
            ("50", "Manche"),
            ("61", "Orne"),
            ("76", "Seine-Maritime"),
        ]
    }
    deps["75"] = Department.objects.create(code="75", name="Paris", region=idf)
    caen_la_mer = Epci.objects.create(siren="200065597", name="CU Caen la Mer")
    rouen = Epci.objects.create(siren="200023414", name="Métropole Rouen Normandie")
    for insee, name, dep, epci, lat, lon, postcode in [
        ("14118", "Caen", "14", caen_la_mer, 49.1829, -0.3707, "14000"),
        ("76540", "Rouen", "76", rouen, 49.4431, 1.0993, "76000"),
        ("75056", "Paris", "75", None, 48.8566, 2.3522, "75002"),
        ("61001", "Alençon", "61", None, 48.4329, 0.0913, "61000"),
    ]:
        commune = Commune.objects.create(
            insee=insee,
            name=name,
            department=deps[dep],
            region=deps[dep].region,
            epci=epci,
            latitude=lat,
            longitude=lon,
        )
        CommunePostcode.objects.create(commune=commune, postcode=postcode)


@pytest.fixture
def digital_naf(db: None) -> None:
    definition = DigitalSectorDefinition.objects.create(
        version="naf-rev2-numerique-2024", label="Secteur numérique"
    )
    for code in ("62.01Z", "62.02A", "63.11Z", "58.29C"):
        DigitalSectorCode.objects.create(definition=definition, naf_code=code)


@pytest.fixture
def small_sirene() -> Path:
    return SMALL_SIRENE
