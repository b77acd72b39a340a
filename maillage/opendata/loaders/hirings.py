"""rome-embauches: hirings (DPAE) by ROME v3 fiche × NAF sub-class, La Bonne Boîte's table.

France Travail's La Bonne Boîte published `rome_naf_mapping.csv` (`rome_id`, `rome_label`,
`naf_id`, `naf_label`, `hirings`): how many hirings each sector made in each occupation. The
offer classifier uses the totals by occupation as its prior (`maillage_core.offers.prior`).
"""

from __future__ import annotations

import re
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
from maillage.opendata.models import RomeHiringVolume
from maillage.opendata.text import naf_code_normalise

HIRINGS = SourceFile("rome/rome3_naf_embauches_labonneboite.csv", ("rome_id", "naf_id", "hirings"))
ROME_CODE = re.compile(r"^[A-N]\d{4}$")


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    rows: dict[Key, dict[str, Any]] = {}
    for row in data.rows(HIRINGS):
        rome = row["rome_id"]
        if not ROME_CODE.match(rome):
            raise fail(HIRINGS, row, f"not a ROME code: {rome!r}")
        try:
            naf = naf_code_normalise(row["naf_id"])
        except ValueError:
            naf = ""
        if len(naf) != len("62.01Z"):
            raise fail(HIRINGS, row, f"not a NAF sub-class code: {row['naf_id']!r}")
        hirings = parse_int(HIRINGS, row, "hirings")
        if hirings is None or hirings < 0:
            raise fail(HIRINGS, row, f"hirings must be a count, got {row['hirings']!r}")
        key = (rome, naf)
        if key in rows:
            raise fail(HIRINGS, row, f"{rome} × {naf} given twice")
        rows[key] = {"hirings": hirings}
    counts = {
        "rome_hiring_volume": upsert(
            RomeHiringVolume, rows, key_fields=("rome_code", "naf_code"), delete_missing=True
        )
    }
    tick("rome_hiring_volume")
    return counts


DATASET = Dataset(
    name="rome-embauches",
    title="Embauches par métier ROME et secteur NAF (La Bonne Boîte, France Travail)",
    files=(HIRINGS,),
    steps=("rome_hiring_volume",),
    load=load,
    sources=(
        Source(
            "France Travail (La Bonne Boîte)",
            "rome_naf_mapping.csv : embauches (DPAE) par code ROME et code NAF",
            "https://raw.githubusercontent.com/StartupsPoleEmploi/labonneboite/master/"
            "labonneboite/common/data/rome_naf_mapping.csv",
        ),
    ),
)
