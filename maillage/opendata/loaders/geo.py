"""geo: regions, départements, EPCI and every commune of France (COG 2024) with postcodes."""

from __future__ import annotations

from typing import Any

from maillage.opendata.loaders.base import (
    Counts,
    DataDir,
    Dataset,
    Key,
    Source,
    SourceFile,
    Tick,
    fail,
    parse_float,
    parse_int,
    unique,
    upsert,
)
from maillage.opendata.models import Commune, CommunePostcode, Department, Epci, Region
from maillage.opendata.text import fold

REGIONS = SourceFile("geo/regions_2024.csv", ("reg", "libelle"))
DEPARTMENTS = SourceFile("geo/departements_2024.csv", ("dep", "reg", "libelle"))
EPCIS = SourceFile("geo/epci_2024.csv", ("siren", "raison_sociale", "nature_juridique"))
COMMUNES = SourceFile(
    "geo/communes_france_2024.csv",
    (
        "code_insee",
        "type",
        "nom",
        "code_departement",
        "code_region",
        "commune_parente",
        "siren_epci",
        "population_municipale",
        "codes_postaux",
        "lat",
        "lon",
        "code_bassin_bmo",
    ),
)


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    regions = {row["reg"]: {"name": row["libelle"]} for row in data.rows(REGIONS)}
    counts["region"] = upsert(Region, _keyed(regions), key_fields=("code",))
    tick("region")

    departments: dict[Key, dict[str, Any]] = {}
    for row in data.rows(DEPARTMENTS):
        if row["reg"] not in regions:
            raise fail(DEPARTMENTS, row, f"unknown region {row['reg']!r}")
        departments[(row["dep"],)] = {"name": row["libelle"], "region_id": row["reg"]}
    counts["department"] = upsert(Department, departments, key_fields=("code",))
    tick("department")

    epcis = {
        (row["siren"],): {"name": row["raison_sociale"], "nature": row["nature_juridique"]}
        for row in data.rows(EPCIS)
    }
    counts["epci"] = upsert(Epci, epcis, key_fields=("siren",))
    tick("epci")

    communes: dict[Key, dict[str, Any]] = {}
    postcodes: dict[Key, dict[str, Any]] = {}
    for row in data.rows(COMMUNES):
        insee = row["code_insee"]
        if (row["code_departement"],) not in departments:
            raise fail(COMMUNES, row, f"unknown département {row['code_departement']!r}")
        if row["code_region"] not in regions:
            raise fail(COMMUNES, row, f"unknown region {row['code_region']!r}")
        if row["siren_epci"] and (row["siren_epci"],) not in epcis:
            raise fail(COMMUNES, row, f"unknown EPCI {row['siren_epci']!r}")
        communes[(insee,)] = {
            "name": row["nom"],
            "name_folded": fold(row["nom"]),
            "kind": row["type"] or Commune.Kind.COMMUNE,
            "parent_insee": row["commune_parente"],
            "department_id": row["code_departement"],
            "region_id": row["code_region"],
            "epci_id": row["siren_epci"] or None,
            "population": parse_int(COMMUNES, row, "population_municipale"),
            "latitude": parse_float(COMMUNES, row, "lat"),
            "longitude": parse_float(COMMUNES, row, "lon"),
            "bmo_basin": row["code_bassin_bmo"],
        }
        for postcode in unique(row["codes_postaux"].split(";")):
            postcodes[(insee, postcode.strip())] = {}
    counts["commune"] = upsert(Commune, communes, key_fields=("insee",))
    tick("commune")
    counts["commune_postcode"] = upsert(
        CommunePostcode, postcodes, key_fields=("commune_id", "postcode"), delete_missing=True
    )
    tick("commune_postcode")
    return counts


def _keyed(rows: dict[str, dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {(code,): values for code, values in rows.items()}


DATASET = Dataset(
    name="geo",
    title="Régions, départements, EPCI, communes et codes postaux (COG 2024)",
    files=(REGIONS, DEPARTMENTS, EPCIS, COMMUNES),
    steps=("region", "department", "epci", "commune", "commune_postcode"),
    load=load,
    sources=(
        Source(
            "INSEE",
            "Code officiel géographique (communes, départements, régions)",
            "https://www.insee.fr/fr/information/2560452",
        ),
        Source(
            "DGCL",
            "Liste et composition des EPCI à fiscalité propre",
            "https://www.collectivites-locales.gouv.fr/institutions/liste-et-composition-des-epci-fiscalite-propre",
        ),
        Source(
            "Etalab",
            "Découpage administratif (COG + EPCI + populations légales, sources/)",
            "https://github.com/etalab/decoupage-administratif",
        ),
        Source(
            "La Poste",
            "Base officielle des codes postaux",
            "https://www.data.gouv.fr/fr/datasets/base-officielle-des-codes-postaux/",
        ),
        Source(
            "France Travail",
            "Enquête Besoins en main-d'œuvre (bassins d'emploi BMO)",
            "https://statistiques.francetravail.org/bmo",
        ),
    ),
)
