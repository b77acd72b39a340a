"""Load benchmark: the search and matching pages at a fixed request rate (QUALITY.md "Load").

`python -m bench load [-- --seconds 30 --rate 50]`

In a temporary MAILLAGE_HOME on SQLite: migrate, `maillage opendata load geo naf rome` (from
../shared/data; skipped with a message when absent), `maillage demo --organisations 3000` (which
rebuilds the search index) and `collectstatic`; then gunicorn (`config.wsgi`, 2 sync workers) on
127.0.0.1 with a free port, production settings (SECRET_KEY set, SECURE_SSL_REDIRECT=0,
ALLOWED_HOSTS=127.0.0.1, DEBUG=0).

`GET /api/v1/match` is limited per client address (`MATCH_RATE_PER_MINUTE`, default 30 a
minute): every bench request comes from 127.0.0.1, so the limit would refuse it. The gunicorn
process alone runs a settings module written into the temporary home
(`config.settings.production` plus `MATCH_RATE_PER_MINUTE = 1_000_000`); nothing else changes.

The load generator is open loop: request i is due at t0 + i / rate whatever happened before,
sent by a pool of threads with `http.client` (one connection a request, 10 s timeout), and its
latency is counted from that due time (queueing included, no coordinated omission). Two phases
at the same rate and duration: the baseline (the static stylesheet served by WhiteNoise through
the same workers), then the application mix (2/3 directory searches: varied French queries,
facets, radius; 1/3 `GET /api/v1/match?q=…`). Prints achieved rate, p50/p95/p99, errors and the
ratios against the baseline. Targets: p95 < 300 ms, p99 < 1 s, 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
DATASETS = ("geo", "naf", "rome")
TARGET_P95_MS = 300.0
TARGET_P99_MS = 1000.0
TIMEOUT_S = 10.0
MAX_THREADS = 64

SETTINGS_MODULE = "bench_load_settings"
SETTINGS_TEXT = (
    '"""Bench only: production settings with the /match limit raised (bench/bench_load.py)."""\n'
    "from config.settings.production import *  # noqa: F403\n\n"
    "MATCH_RATE_PER_MINUTE = 1_000_000\n"
)

QUERIES = [
    "cybersécurité",
    "développement web",
    "intelligence artificielle",
    "formation numérique",
    "fablab impression 3D",
    "cloud hébergement",
    "données",
    "site internet e-commerce",
    "accompagnement transformation numérique",
    "réseau informatique maintenance",
    "application mobile",
    "logiciel de gestion",
    "robotique industrielle",
    "tiers-lieu coworking",
    "conseil RGPD",
    "jeu vidéo",
]
PLACES = ["Caen", "Rouen", "Le Havre", "Cherbourg-en-Cotentin", "Évreux", "Alençon", "14118"]
KINDS = ["company", "school", "training_body", "lab", "association", "tiers_lieu"]
DEPARTMENTS = ["14", "27", "50", "61", "76"]
NEEDS = [
    "Nous cherchons un prestataire pour sécuriser notre réseau et former nos salariés",
    "Refonte de notre site internet avec boutique en ligne",
    "Besoin d'une application mobile pour nos techniciens sur le terrain",
    "Mettre en place un outil de gestion des stocks et de facturation",
    "Accompagnement pour exploiter nos données de production avec de l'IA",
    "Migration de nos serveurs vers le cloud",
    "Formation de nos équipes aux outils collaboratifs",
    "Audit RGPD et mise en conformité de nos fichiers clients",
]
COMMUNES = ["14118", "76540", "76351", "50129", "27229", "61001", None]


@dataclass(frozen=True)
class Result:
    path: str
    latency_ms: float
    ok: bool


@dataclass(frozen=True)
class Summary:
    sent: int
    achieved_rate: float
    p50: float
    p95: float
    p99: float
    errors: int


def search_url(rng: random.Random) -> str:
    """A directory search page: a query, sometimes facets, sometimes a radius."""
    params: list[tuple[str, str]] = [("q", rng.choice(QUERIES))]
    roll = rng.random()
    if roll < 0.3:
        params += [("pres_de", rng.choice(PLACES)), ("rayon", str(rng.choice([10, 30, 50])))]
    elif roll < 0.6:
        params.append(("department", rng.choice(DEPARTMENTS)))
        if rng.random() < 0.5:
            params.append(("kind", rng.choice(KINDS)))
    if rng.random() < 0.15:
        params.append(("page", "2"))
    return "/annuaire/?" + urlencode(params)


def match_url(rng: random.Random) -> str:
    params: list[tuple[str, str]] = [("q", rng.choice(NEEDS))]
    commune = rng.choice(COMMUNES)
    if commune:
        params.append(("commune", commune))
    return "/api/v1/match?" + urlencode(params)


def app_mix(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [match_url(rng) if i % 3 == 2 else search_url(rng) for i in range(count)]


def fetch(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def run_open_loop(port: int, paths: list[str], rate: float) -> tuple[list[Result], float]:
    """Send paths[i] at t0 + i / rate; latency counted from the due time."""
    results: list[Result] = []
    lock = threading.Lock()

    def one(path: str, due: float) -> None:
        ok = fetch(port, path)
        latency = (time.perf_counter() - due) * 1000
        with lock:
            results.append(Result(path, latency, ok))

    with ThreadPoolExecutor(max_workers=MAX_THREADS) as pool:
        t0 = time.perf_counter() + 0.05
        for i, path in enumerate(paths):
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, path, due)
        last_due = t0 + (len(paths) - 1) / rate
    elapsed = max(last_due - t0, 1e-9)
    return results, (len(paths) - 1) / elapsed if len(paths) > 1 else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summarise(results: list[Result], achieved_rate: float) -> Summary:
    latencies = [r.latency_ms for r in results]
    return Summary(
        sent=len(results),
        achieved_rate=achieved_rate,
        p50=statistics.median(latencies) if latencies else float("nan"),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        errors=sum(1 for r in results if not r.ok),
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def maillage(env: dict[str, str], *args: str) -> None:
    """One `maillage …` command in a subprocess; raises on failure with its output."""
    command = [sys.executable, "-c", "import sys; from maillage.cli import main; main()", *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"maillage {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    print(f"  maillage {' '.join(args)}: {time.perf_counter() - started:.1f} s", flush=True)


def wait_ready(port: int, server: subprocess.Popen[bytes], limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with code {server.returncode} before serving")
        if fetch(port, "/static/css/maillage.css"):
            return
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer on 127.0.0.1:{port} within {limit_s:.0f} s")


def check_answers(port: int) -> None:
    """The mix measures real work: a search page lists organisations, /match ranks some."""
    rng = random.Random(3)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", "/api/v1/match?" + urlencode({"q": NEEDS[0], "commune": "14118"}))
        hits = json.loads(conn.getresponse().read())
        conn.close()
        conn.request("GET", "/annuaire/?" + urlencode({"q": rng.choice(QUERIES)}))
        page = conn.getresponse().read().decode()
    finally:
        conn.close()
    if not isinstance(hits, list) or not hits or not re.search(r'href="/annuaire/\d+/"', page):
        sys.exit(f"sanity check failed: /match gave {str(hits)[:200]!r} or no search hit")
    print(
        f"  sanity: /match ranks {len(hits)} providers, the search page lists organisations",
        flush=True,
    )


def print_line(label: str, s: Summary) -> None:
    print(
        f"  {label:<10} sent {s.sent:5d}  rate {s.achieved_rate:6.1f}/s  "
        f"p50 {s.p50:7.1f} ms  p95 {s.p95:7.1f} ms  p99 {s.p99:7.1f} ms  errors {s.errors}",
        flush=True,
    )


def bench_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DATABASE_URL", "REDIS_URL"):
        env.pop(key, None)
    env.update(
        MAILLAGE_HOME=str(home),
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=os.pathsep.join([str(home / "settings"), str(REPO)]),
        SECRET_KEY="bench-load-" + "x" * 50,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        HUEY_IMMEDIATE="1",
    )
    return env


def serve_and_measure(env: dict[str, str], seconds: float, rate: float, workers: int) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    log = open(Path(env["MAILLAGE_HOME"]) / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    print(f"  gunicorn pid {server.pid} on 127.0.0.1:{port}, {workers} workers", flush=True)
    try:
        wait_ready(port, server)
        count = max(1, round(seconds * rate))
        warm = app_mix(40, seed=1)
        for path in warm:  # each worker loads its index and caches before the timed phases
            fetch(port, path)
        check_answers(port)
        print(f"\nOpen loop: {rate:g} requests/s for {seconds:g} s ({count} requests a phase)")
        base_results, base_rate = run_open_loop(port, ["/static/css/maillage.css"] * count, rate)
        base = summarise(base_results, base_rate)
        print_line("baseline", base)
        paths = app_mix(count)
        app_results, app_rate = run_open_loop(port, paths, rate)
        app = summarise(app_results, app_rate)
        print_line("app mix", app)
        for label, marker in (("  searches", "/annuaire/"), ("  /match", "/api/v1/match")):
            part = [r for r in app_results if marker in r.path]
            print_line(label, summarise(part, app_rate * len(part) / max(1, len(app_results))))
        print(
            f"\n  ratio app/baseline: p50 {app.p50 / base.p50:.1f}×  "
            f"p95 {app.p95 / base.p95:.1f}×  p99 {app.p99 / base.p99:.1f}×"
        )
        verdict = app.p95 < TARGET_P95_MS and app.p99 < TARGET_P99_MS and app.errors == 0
        print(
            f"  targets p95 < {TARGET_P95_MS:.0f} ms, p99 < {TARGET_P99_MS:.0f} ms, 0 errors: "
            f"{'OK' if verdict else 'NOT OK'}",
            flush=True,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        print(f"  gunicorn pid {server.pid} stopped (code {server.returncode})")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each phase")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--organisations", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 600 or not 0 < args.rate <= 500:
        sys.exit("--seconds must be in (0, 600] and --rate in (0, 500]")
    missing = [name for name in DATASETS if not (DATA / name).is_dir()]
    if missing:
        print(f"load bench skipped: open data {missing} not found under {DATA}")
        return
    with tempfile.TemporaryDirectory(prefix="maillage-bench-load-") as tmp:
        home = Path(tmp)
        (home / "settings").mkdir()
        (home / "settings" / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
        env = bench_env(home)
        print(f"Setup in {home} (SQLite, {args.organisations} organisations)", flush=True)
        maillage(env, "migrate", "--noinput")
        maillage(env, "opendata", "load", *DATASETS, "--from", str(DATA))
        maillage(env, "demo", "--organisations", str(args.organisations))
        maillage(env, "collectstatic", "--noinput")
        serve_and_measure(env, args.seconds, args.rate, args.workers)
