"""sirene-nomenclatures: INSEE head-count bands and legal categories used by Sirene records."""

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
    parse_int,
    upsert,
)
from maillage.opendata.models import LegalCategory, SizeBand

SIZE_BANDS = SourceFile(
    "sirene/tranches_effectifs_insee.csv",
    ("code_tranche", "libelle", "effectif_min", "effectif_max"),
)
LEGAL_CATEGORIES = SourceFile("sirene/categories_juridiques_insee.csv", ("code", "libelle"))
# INSEE levels I, II and III have codes of 1, 2 and 4 digits.
LEGAL_LEVEL_BY_LENGTH = {1: 1, 2: 2, 4: 3}


def midpoint(low: int | None, high: int | None) -> float | None:
    """(low + high) / 2; the lower bound for the open top band (10 000+); None without bounds."""
    if low is None:
        return None
    if high is None:
        return float(low)
    return (low + high) / 2


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    bands: dict[Key, dict[str, Any]] = {}
    for row in data.rows(SIZE_BANDS):
        low = parse_int(SIZE_BANDS, row, "effectif_min")
        high = parse_int(SIZE_BANDS, row, "effectif_max")
        if low is not None and high is not None and high < low:
            raise fail(SIZE_BANDS, row, f"effectif_max {high} < effectif_min {low}")
        bands[(row["code_tranche"],)] = {
            "label": row["libelle"],
            "min_employees": low,
            "max_employees": high,
            "midpoint": midpoint(low, high),
        }
    counts = {"size_band": upsert(SizeBand, bands, key_fields=("code",))}
    tick("size_band")

    categories: dict[Key, dict[str, Any]] = {}
    for row in data.rows(LEGAL_CATEGORIES):
        code = row["code"]
        level = LEGAL_LEVEL_BY_LENGTH.get(len(code))
        if level is None or not code.isdigit():
            raise fail(LEGAL_CATEGORIES, row, f"not a legal category code: {code!r}")
        categories[(code,)] = {"label": row["libelle"], "level": level}
    counts["legal_category"] = upsert(LegalCategory, categories, key_fields=("code",))
    tick("legal_category")
    return counts


DATASET = Dataset(
    name="sirene-nomenclatures",
    title="Nomenclatures Sirene : tranches d'effectifs et catégories juridiques",
    files=(SIZE_BANDS, LEGAL_CATEGORIES),
    steps=("size_band", "legal_category"),
    load=load,
    sources=(
        Source(
            "INSEE",
            "Catégories juridiques (niveaux I, II, III)",
            "https://www.insee.fr/fr/information/2028129",
        ),
        Source(
            "INSEE",
            "Base Sirene : documentation des variables (tranches d'effectifs)",
            "https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/",
        ),
    ),
)
