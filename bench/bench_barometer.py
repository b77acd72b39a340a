"""Barometer over generated Sirene establishments: `python -m bench barometer [-- --rows N]`.

Generates a StockEtablissement-shaped CSV (the barometer's columns plus the processing date),
then times `maillage.observatory.barometer.from_sirene_csv` (DuckDB) against a baseline in the
same run: a single-pass pure-Python `csv.DictReader` aggregation of the same figures.
Target: 1,000,000 establishments in ≤ 10 s. The reference tables are synthetic (no database).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from maillage.observatory.barometer import REQUIRED_COLUMNS

DIGITAL = [
    "58.21Z",
    "58.29A",
    "58.29C",
    "62.01Z",
    "62.02A",
    "62.02B",
    "62.03Z",
    "62.09Z",
    "63.11Z",
    "63.12Z",
    "95.11Z",
]
OTHER = ["47.11A", "56.10A", "43.21A", "86.21Z", "68.20A", "10.71C"]
BANDS = {
    "NN": 0.0,
    "00": 0.0,
    "01": 1.5,
    "02": 4.0,
    "03": 7.5,
    "11": 14.5,
    "12": 34.5,
    "21": 74.5,
    "22": 149.5,
    "31": 224.5,
    "32": 374.5,
    "41": 749.5,
    "42": 1499.5,
}
# the columns the barometer reads, plus the processing date it reports as the source date
COLUMNS = [*REQUIRED_COLUMNS, "dateDernierTraitementEtablissement"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    deps = [f"{d:02d}" for d in range(1, 96) if d != 20]
    bands = [*BANDS, ""]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(rows):
            dep = rnd.choice(deps)
            created = f"{rnd.randint(1990, 2025)}-{rnd.randint(1, 12):02d}-01"
            closed = rnd.random() < 0.2
            naf = rnd.choice(DIGITAL) if rnd.random() < 0.3 else rnd.choice(OTHER)
            w.writerow(
                [
                    f"{i:014d}",
                    created,
                    rnd.choice(bands),
                    f"{dep}{rnd.randint(1, 600):03d}",
                    "F" if closed else "A",
                    f"{rnd.randint(2000, 2025)}-06-30" if closed else created,
                    naf.replace(".", "") if rnd.random() < 0.1 else naf,
                    "2026-01-15T00:00:00",
                ]
            )


def baseline(path: Path, digital: set[str], region_deps: set[str]) -> tuple[int, int]:
    """Pure Python, one pass: (active digital establishments in France, in the region)."""
    france = Counter[bool]()
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            naf = r["activitePrincipaleEtablissement"]
            if len(naf) == 5:
                naf = f"{naf[:2]}.{naf[2:]}"
            if naf in digital and r["etatAdministratifEtablissement"] == "A":
                france[r["codeCommuneEtablissement"][:2] in region_deps] += 1
    return france[True] + france[False], france[True]


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from maillage.observatory.barometer import BarometerRefs, from_sirene_csv

    parser = argparse.ArgumentParser(prog="python -m bench barometer")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    region_deps = {"14", "27", "50", "61", "76"}
    refs = BarometerRefs(
        region_code="28",
        digital_naf=frozenset(DIGITAL),
        definition_version="bench",
        midpoints=BANDS,
        department_region={
            f"{d:02d}": ("28" if f"{d:02d}" in region_deps else "00") for d in range(1, 96)
        },
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stock.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} establishments in {time.perf_counter() - started:.1f} s "
            f"({path.stat().st_size / 1e6:.0f} MB)"
        )
        started = time.perf_counter()
        result = from_sirene_csv(path, refs)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        france, region = baseline(path, set(DIGITAL), region_deps)
        base = time.perf_counter() - started
    assert (result.france.establishments, result.region.establishments) == (france, region), (
        "barometer and baseline disagree"
    )
    print(
        f"barometer (DuckDB): {ours:.2f} s for {args.rows:,} rows "
        f"({args.rows / ours:,.0f} rows/s); target <= 10 s: {'OK' if ours <= 10 else 'MISSED'}"
    )
    print(f"baseline (csv.DictReader, counts only): {base:.2f} s — {base / ours:.1f}x slower")
    print(
        f"region {result.region.establishments:,} / France {result.france.establishments:,} "
        f"digital establishments; {result.cells.num_rows:,} cells, {len(result.flows)} years"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
