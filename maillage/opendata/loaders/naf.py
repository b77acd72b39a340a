"""naf: NAF rév. 2 at its five levels with parents, and the project's digital-sector definition."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
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
    upsert,
)
from maillage.opendata.models import DigitalSectorCode, DigitalSectorDefinition, NafCode
from maillage.opendata.text import naf_code_normalise

ALL_LEVELS = SourceFile("naf/naf_rev2_tous_niveaux.csv", ("niveau", "code", "libelle"))
HIERARCHY = SourceFile(
    "naf/naf_rev2_hierarchie_5_niveaux.csv",
    ("code_sous_classe", "code_classe", "code_groupe", "code_division", "code_section"),
)
DIGITAL = SourceFile("naf/naf_secteur_numerique.csv", ("code_naf", "libelle", "motif_selection"))

DIGITAL_VERSION = "naf-rev2-numerique-2024"
LEVELS = {
    "section": NafCode.Level.SECTION,
    "division": NafCode.Level.DIVISION,
    "groupe": NafCode.Level.GROUP,
    "classe": NafCode.Level.CLASS,
    "sous-classe": NafCode.Level.SUBCLASS,
}
HIERARCHY_CHAIN = (
    "code_sous_classe",
    "code_classe",
    "code_groupe",
    "code_division",
    "code_section",
)


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    parents: dict[str, str] = {}
    for row in data.rows(HIERARCHY):
        chain = [row[column] for column in HIERARCHY_CHAIN]
        for child, upper in pairwise(chain):
            parents[child] = upper

    codes: dict[Key, dict[str, Any]] = {}
    parent: str | None
    for row in data.rows(ALL_LEVELS):
        level = LEVELS.get(row["niveau"])
        if level is None:
            raise fail(ALL_LEVELS, row, f"unknown niveau {row['niveau']!r}")
        code = row["code"]
        parent = parents.get(code)
        if parent is None and level != NafCode.Level.SECTION:
            raise fail(ALL_LEVELS, row, f"{code} has no parent in {HIERARCHY.path}")
        codes[(code,)] = {"label": row["libelle"], "level": int(level), "parent_id": parent}
    unknown = sorted(p for p in parents.values() if (p,) not in codes)
    if unknown:
        raise fail(ALL_LEVELS, 1, f"parent codes missing: {', '.join(unknown[:5])}")
    counts = {"naf_code": upsert(NafCode, codes, key_fields=("code",))}
    tick("naf_code")

    definition = {
        (DIGITAL_VERSION,): {
            "nomenclature": "NAFRev2",
            "label": "Secteur numérique (NAF rév. 2, définition du projet)",
            "source": DIGITAL.path,
            "valid_from": dt.date(2024, 1, 1),
            "valid_to": None,
        }
    }
    counts["digital_sector_definition"] = upsert(
        DigitalSectorDefinition, definition, key_fields=("version",)
    )
    digital: dict[Key, dict[str, Any]] = {}
    for row in data.rows(DIGITAL):
        try:
            code = naf_code_normalise(row["code_naf"])
        except ValueError as error:
            raise fail(DIGITAL, row, str(error)) from None
        if (code,) not in codes:
            raise fail(DIGITAL, row, f"{code} is not a NAF rév. 2 code")
        digital[(DIGITAL_VERSION, code)] = {
            "label": row["libelle"],
            "reason": row["motif_selection"],
        }
    counts["digital_sector_code"] = upsert(
        DigitalSectorCode,
        digital,
        key_fields=("definition_id", "naf_code"),
        delete_missing=True,
        scope={"definition_id": DIGITAL_VERSION},
    )
    tick("digital_sector")
    return counts


DATASET = Dataset(
    name="naf",
    title="Nomenclature d'activités française NAF rév. 2 et secteur numérique",
    files=(ALL_LEVELS, HIERARCHY, DIGITAL),
    steps=("naf_code", "digital_sector"),
    load=load,
    sources=(
        Source(
            "INSEE",
            "NAF rév. 2 : intitulés (int_courts_naf_rev_2.xls), niveaux (naf2008_5_niveaux.xls)",
            "https://www.insee.fr/fr/information/2120875",
        ),
    ),
)
