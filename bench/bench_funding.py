"""Funding watch at 10,000 calls: import, re-import, digests, search page.

`python -m bench funding` (options after `--`: `--rows N --searches N --requests N`).
Figures printed with ratios against baselines measured in the same run:

- import of N rows in the Aides-territoires export format (the 60 real rows repeated with
  unique links and distinct deadlines, so that they stay distinct calls) — baseline: a bare
  `csv.reader` pass over the same text;
- re-import of the same file (nothing written);
- digest of S saved searches over the N calls — baseline: S trivial indexed queries (the
  per-query floor of the database);
- search page p50/p95 over varied facet requests — baseline: the home page.

Targets (issue 4): import ≤ 30 s, re-import ≤ 10 s, digests ≤ 60 s, search p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sample() -> Path:
    for candidate in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        path = candidate / "aides" / "aides_territoires_export_echantillon.csv"
        if path.exists():
            return path
    sys.exit("../shared/data/aides is missing")


def generate(rows: int) -> str:
    text = _sample().read_text(encoding="utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    link, closing = header.index("Lien"), header.index("Date Clôture")
    first = date(2027, 1, 1)
    for i in range(rows):
        row = list(body[i % len(body)])
        row[link] = row[link].rstrip("/") + f"-{i}/"
        # a distinct deadline per copy of a title: copies are different calls, not duplicates
        # (otherwise dedupe would leave 60 visible calls and every figure would flatter us)
        row[closing] = (first + timedelta(days=i // len(body))).strftime("%d/%m/%Y")
        writer.writerow(row)
    return out.getvalue()


def _setup(tmp: Path) -> None:
    os.environ["MAILLAGE_HOME"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("HUEY_IMMEDIATE", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", "-v0", "--skip-checks")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench funding")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-funding-"))
    _setup(tmp)
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from maillage.funding.alerts import digests_run
    from maillage.funding.models import Frequency, FundingCall, SavedSearch
    from maillage.funding.services import calls_import
    from maillage_core.funding.vocab import AidType, Audience, Theme

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a shared machine)")
    text = generate(args.rows)
    started = time.perf_counter()
    sum(1 for _ in csv.reader(io.StringIO(text)))
    base = time.perf_counter() - started
    print(
        f"generated {args.rows:,} rows ({len(text.encode()) / 2**20:.1f} MiB); "
        f"csv.reader {base:.2f} s"
    )
    for label, target in (("import", 30), ("re-import (unchanged)", 10)):
        started, cpu = time.perf_counter(), time.process_time()
        result = calls_import(format_name="aides-territoires-csv", data=text, source_label="bench")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{label}: {seconds:.1f} s wall, {cpu:.1f} s CPU (target ≤ {target} s, "
            f"{seconds / base:.0f}× csv.reader) created {result.created:,} "
            f"updated {result.updated:,} unchanged {result.unchanged:,}"
        )

    rng = random.Random(7)
    since = timezone.now() - timedelta(days=1)
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", email=f"bench{i}@exemple.test") for i in range(args.searches)]
    )
    themes, audiences, aid_types = list(Theme), list(Audience), list(AidType)
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(
                user=u,
                name=f"alerte {i}",
                email=u.email,
                themes=rng.sample([t.value for t in themes], rng.randint(0, 2)),
                audiences=rng.sample([a.value for a in audiences], rng.randint(0, 2)),
                aid_types=rng.sample([a.value for a in aid_types], rng.randint(0, 1)),
                open_only=rng.random() < 0.5,
                frequency=Frequency.DAILY,
                confirmed_at=since,
                last_digest_at=since,
                confirm_token=f"c{i}",
                unsubscribe_token=f"u{i}",
                ics_token=f"i{i}",
            )
            for i, u in enumerate(users)
        ]
    )
    started = time.perf_counter()
    for _ in range(args.searches):
        FundingCall.objects.filter(pk=1).exists()
    floor = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    report = digests_run(frequency=Frequency.DAILY)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"digests: {args.searches:,} searches over {args.rows:,} calls in {seconds:.1f} s wall, "
        f"{cpu:.1f} s CPU "
        f"(target ≤ 60 s; {seconds / floor:.1f}× {args.searches:,} trivial queries "
        f"= {floor:.2f} s), "
        f"{report.queued:,} e-mails queued"
    )

    client = Client()
    urls = [
        "/aides/",
        "/aides/?ouvert=on",
        "/aides/?ouvert=on&theme=numerique",
        "/aides/?public=commune&type=ingenierie",
        "/aides/?cloture_30j=on",
        "/aides/?q=patrimoine&ouvert=on",
        "/aides/?page=40",
    ]

    def timed(paths: list[str]) -> list[float]:
        out = []
        for i in range(args.requests):
            started = time.perf_counter()
            response = client.get(paths[i % len(paths)], HTTP_HOST="127.0.0.1")
            out.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        return sorted(out)

    # distinct facet combinations: each one is a cache miss (the summary is computed)
    combos = []
    for _ in range(args.requests):
        params = ["ouvert=on"] if rng.random() < 0.5 else []
        params += [f"theme={t.value}" for t in rng.sample(themes, rng.randint(0, 2))]
        params += [f"public={a.value}" for a in rng.sample(audiences, rng.randint(0, 1))]
        params += [f"page={rng.randint(1, 5)}"]
        combos.append("/aides/?" + "&".join(params))
    timed(urls[:2])  # warm up templates
    home = timed(["/"])
    cold = timed(combos)
    warm = timed(urls)

    def p95(values: list[float]) -> float:
        return values[int(0.95 * (len(values) - 1))]

    print(f"load average {os.getloadavg()[0]:.1f}")
    for label, values in (("distinct queries (cold)", cold), ("repeated queries", warm)):
        print(
            f"search page, {label}: p50 {statistics.median(values):.1f} ms, "
            f"p95 {p95(values):.1f} ms (target ≤ 100 ms); "
            f"home page p95 {p95(home):.1f} ms ({p95(values) / p95(home):.1f}×)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
