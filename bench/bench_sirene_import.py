"""Sirene import at scale: 1,000,000 generated StockEtablissement rows into a fresh SQLite.

`python -m bench sirene_import [-- --rows N]`. Generates rows in the official 53-column schema
(deterministic seed, valid Luhn SIRETs, a fifth with Lambert 93 coordinates, 90 % closed like
the real stock), then, in a child process with its own MAILLAGE_HOME: `migrate`, and
`maillage directory import-sirene FILE --json`. Prints rows/s, seconds and the child's peak RSS,
and the ratio to a baseline measured in the same run: one plain `csv.reader` pass over the
same file (the floor any importer pays). The issue's target: 1M rows ≤ 60 s, ≤ 1 GiB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from maillage_core.sirene import ESTABLISHMENT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
# Real commune codes (Normandy and a few others) so the geo lookup has work to do when loaded.
COMMUNES = (
    ("14118", "14000", "CAEN"),
    ("76540", "76000", "ROUEN"),
    ("76351", "76600", "LE HAVRE"),
    ("50129", "50100", "CHERBOURG-EN-COTENTIN"),
    ("61001", "61000", "ALENCON"),
    ("27229", "27000", "EVREUX"),
    ("14047", "14400", "BAYEUX"),
    ("50502", "50000", "SAINT-LO"),
    ("75056", "75001", "PARIS"),
    ("69123", "69001", "LYON"),
)
NAF = ("62.01Z", "62.02A", "63.11Z", "58.29C", "47.11B", "56.10A", "43.21A", "86.21Z", "70.22Z")
BANDS = ("", "", "", "NN", "00", "01", "02", "03", "11", "12", "21", "22")
STREETS = ("RUE", "AV", "BD", "PL", "CHE", "RTE", "IMP", "ALL")


def luhn_key(payload: str) -> str:
    """The digit that makes payload + digit pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def generate(path: Path, rows: int, seed: int = 20240301) -> None:
    rng = random.Random(seed)
    width = len(ESTABLISHMENT_COLUMNS)
    at = {name: i for i, name in enumerate(ESTABLISHMENT_COLUMNS)}
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ESTABLISHMENT_COLUMNS)
        for i in range(rows):
            head = f"{100_000 + i:08d}"
            siren = head + luhn_key(head)
            nic_head = f"{rng.randrange(1, 9999):04d}"
            nic = nic_head + luhn_key(siren + nic_head)
            insee, postcode, city = rng.choice(COMMUNES)
            row = [""] * width
            closed = rng.random() < 0.9
            row[at["siren"]], row[at["nic"]], row[at["siret"]] = siren, nic, siren + nic
            row[at["statutDiffusionEtablissement"]] = "O"
            row[at["dateCreationEtablissement"]] = (
                f"{rng.randrange(1970, 2024)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            )
            row[at["trancheEffectifsEtablissement"]] = rng.choice(BANDS)
            row[at["dateDernierTraitementEtablissement"]] = "2024-03-22T15:40:57"
            row[at["etablissementSiege"]] = "true" if rng.random() < 0.6 else "false"
            row[at["nombrePeriodesEtablissement"]] = str(rng.randrange(1, 5))
            row[at["numeroVoieEtablissement"]] = str(rng.randrange(1, 200))
            row[at["typeVoieEtablissement"]] = rng.choice(STREETS)
            row[at["libelleVoieEtablissement"]] = f"DES ENTREPRENEURS {i % 997}"
            row[at["codePostalEtablissement"]] = postcode
            row[at["libelleCommuneEtablissement"]] = city
            row[at["codeCommuneEtablissement"]] = insee
            if rng.random() < 0.2 and not insee.startswith("97"):
                row[at["coordonneeLambertAbscisseEtablissement"]] = f"{rng.uniform(4e5, 6e5):.1f}"
                row[at["coordonneeLambertOrdonneeEtablissement"]] = f"{rng.uniform(68e5, 70e5):.1f}"
            row[at["dateDebut"]] = f"{rng.randrange(2000, 2024)}-01-01"
            row[at["etatAdministratifEtablissement"]] = "F" if closed else "A"
            if rng.random() < 0.3:
                row[at["enseigne1Etablissement"]] = f"ENSEIGNE {i}"
            elif rng.random() < 0.2:
                row[at["denominationUsuelleEtablissement"]] = f"SOCIETE NORMANDE {i}"
            row[at["activitePrincipaleEtablissement"]] = rng.choice(NAF)
            row[at["nomenclatureActivitePrincipaleEtablissement"]] = "NAFRev2"
            row[at["caractereEmployeurEtablissement"]] = "N"
            writer.writerow(row)


def baseline_seconds(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one plain csv.reader pass over the file."""
    started, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass
    return time.perf_counter() - started, time.process_time() - cpu


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench sirene_import")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-sirene-"))
    data = tmp / "StockEtablissement.csv"
    started = time.perf_counter()
    generate(data, args.rows)
    size = data.stat().st_size
    print(
        f"generated {args.rows:,} rows ({size / 2**20:.0f} MiB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    env = {
        **os.environ,
        "MAILLAGE_HOME": str(tmp / "home"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",  # no query log: measure the importer, not the debug toolbar
        "DATABASE_URL": f"sqlite:///{tmp / 'home' / 'bench.sqlite3'}",
    }
    cli = [sys.executable, "-c", "from maillage.cli import main; main()"]
    subprocess.run(
        [*cli, "migrate", "--noinput", "-v0", "--skip-checks"], env=env, cwd=ROOT, check=True
    )
    base, base_cpu = baseline_seconds(data)
    # The machine may be shared: the load average says how much the wall times are worth.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for label in ("first import", "re-import (unchanged)"):
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        done = subprocess.run(
            [*cli, "directory", "import-sirene", str(data), "--json"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kib, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{label}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {args.rows / seconds:,.0f} rows/s, "
            f"created {result['created']:,}, updated {result['updated']:,}, "
            f"unchanged {result['unchanged']:,}, peak RSS {peak_kib / 1024:.0f} MiB"
            + ("" if peak_kib > before else " (max over children so far)")
        )
        print(
            f"  ratio to a plain csv.reader pass ({base:.2f} s wall, {base_cpu:.2f} s CPU): "
            f"{seconds / base:.1f}× wall, {cpu / base_cpu:.1f}× CPU"
        )
    if args.keep:
        print(f"kept {tmp}")
    else:
        for p in sorted(tmp.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        tmp.rmdir()


if __name__ == "__main__":
    main(sys.argv[1:])
