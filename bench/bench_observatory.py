"""Observatory pages over 100,000 offers: `python -m bench observatory [-- --offers N --runs R]`.

In a fresh MAILLAGE_HOME (SQLite, migrated in-process): 100,000 generated offers in the
database, today's snapshots (offers, supply, BMO, unmet needs) and a barometer over 200,000
generated establishments; then each observatory page, an export and an API table are fetched
R times through Django's test client (no network). Prints p50/p95 per page (target p95 ≤ 300 ms)
and, as the baseline measured in the same run, the demand aggregation done with the ORM over the
offers table against DuckDB over the Parquet snapshot.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench observatory")
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="profile the index page once")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="maillage-bench-obs-"))
    os.environ["MAILLAGE_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    call_command("migrate", "--noinput", "-v0")
    from bench.bench_barometer import BANDS, DIGITAL, generate
    from maillage.observatory import barometer, selectors, snapshots
    from maillage.observatory.models import JobOffer, Snapshot
    from maillage.observatory.services import snapshots_take

    rnd = random.Random(11)
    romes = [f"M{1800 + i:04d}" for i in range(60)] + [
        f"{c}{1000 + i}" for c in "ADGHKN" for i in range(80)
    ]
    deps = ["14", "27", "50", "61", "76", "75", "35", "59"]
    started = time.perf_counter()
    JobOffer.objects.bulk_create(
        (
            JobOffer(
                source="bench", external_id=str(i), title="offre", rome_code=rnd.choice(romes),
                department=rnd.choice(deps), month=f"2026-{rnd.randint(1, 12):02d}",
                content_hash="x",
            )
            for i in range(args.offers)
        ),
        batch_size=5000,
    )  # fmt: skip
    today = date(2026, 4, 2)
    snapshots_take(today=today)
    with tempfile.TemporaryDirectory() as tmp:
        stock = Path(tmp) / "stock.csv"
        generate(stock, 200_000)
        refs = barometer.BarometerRefs(
            region_code="28", digital_naf=frozenset(DIGITAL), definition_version="bench",
            midpoints=BANDS,
            department_region={d: ("28" if d in deps[:5] else "00") for d in deps},
        )  # fmt: skip
        result = barometer.from_sirene_csv(stock, refs)
    path = snapshots.write_table("barometer", today, result.cells)
    Snapshot.objects.update_or_create(
        kind="barometer", taken_on=today,
        defaults={"path": str(path), "rows": result.cells.num_rows, "meta": result.summary()},
    )  # fmt: skip
    print(f"prepared {args.offers:,} offers and snapshots in {time.perf_counter() - started:.1f} s")

    client = Client(SERVER_NAME="localhost")
    if args.profile:
        import cProfile
        import pstats

        client.get("/observatoire/")
        with cProfile.Profile() as prof:
            client.get("/observatoire/")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    pages = {
        "/observatoire/": 200,
        "/observatoire/rapport/": 200,
        "/observatoire/export/demande.csv": 200,
        "/api/v1/observatoire/tables/demande": 200,
    }
    failures = 0
    for url, expected in pages.items():
        t0 = time.perf_counter()
        client.get(url)  # the first request after a snapshot fills the per-file caches
        cold = (time.perf_counter() - t0) * 1000
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - t0) * 1000)
            failures += status != expected
        p95 = _percentile(times, 0.95)
        print(
            f"{url:38} first {cold:6.0f} ms  p50 {statistics.median(times):6.1f} ms  "
            f"p95 {p95:6.1f} ms  "
            f"{'OK' if p95 <= 300 else 'MISSED'} (target p95 <= 300 ms)"
        )
    print(f"errors: {failures}")

    t0 = time.perf_counter()
    orm = list(JobOffer.objects.values("rome_code", "department").annotate(n=Count("id")))
    orm_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    duck = selectors.demand_cells()
    duck_ms = (time.perf_counter() - t0) * 1000
    assert sum(r["n"] for r in orm) == sum(n for _, _, n in duck) == args.offers
    print(
        f"demand aggregation: DuckDB over Parquet {duck_ms:.1f} ms, ORM GROUP BY on SQLite "
        f"{orm_ms:.1f} ms ({orm_ms / duck_ms:.1f}x)"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
