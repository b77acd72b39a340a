"""Search benchmark: tantivy (our engine) against PostgreSQL full-text search, same documents.

`python -m bench search [-- --docs 100000 --queries 200]`

Generates N organisations (deterministic, varied French texts), indexes them with the real
search path (`maillage_core.text.analyse` → tantivy, `engine.run_search` with synonyms, facets,
radius) and, as the baseline, into a PostgreSQL table `bench_search_docs` with a weighted
`french` + `unaccent` tsvector and a GIN index (database `test` on 127.0.0.1:5432; skipped
with a message when unreachable). Both answer the same 200 French queries — top 20 by rank,
total count, and counts for the seven facets over the whole result set — and the script
prints p50/p95 latencies and their ratio. Targets: tantivy p95 ≤ 10 ms, ≥ 10× faster than PG.

PostgreSQL does no synonym expansion (`websearch_to_tsquery`, all words required), so it
answers smaller result sets than our engine; tantivy is therefore also timed with an empty
lexicon, the like-for-like comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from maillage.search.engine import run_search
from maillage.search.index import IndexStore
from maillage.search.schema import SearchDocument
from maillage.search.types import SearchQuery
from maillage_core.geo import Point, bounding_box
from maillage_core.text import EMPTY_LEXICON, build_lexicon, domain_concepts

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
TABLE = "bench_search_docs"

# (INSEE, name, département, EPCI SIREN, lat, lon): Normandy towns, the places docs live in.
TOWNS: list[tuple[str, str, str, str, float, float]] = [
    ("14118", "Caen", "14", "200065597", 49.1829, -0.3707),
    ("14327", "Hérouville-Saint-Clair", "14", "200065597", 49.2044, -0.3253),
    ("14047", "Bayeux", "14", "200068500", 49.2765, -0.7025),
    ("14366", "Lisieux", "14", "200069532", 49.1466, 0.2260),
    ("14762", "Vire Normandie", "14", "200068799", 48.8386, -0.8892),
    ("14258", "Falaise", "14", "200069581", 48.8956, -0.1936),
    ("14333", "Honfleur", "14", "200066827", 49.4190, 0.2330),
    ("76540", "Rouen", "76", "200023414", 49.4431, 1.0993),
    ("76351", "Le Havre", "76", "200084952", 49.4944, 0.1079),
    ("76217", "Dieppe", "76", "200070266", 49.9229, 1.0775),
    ("76575", "Saint-Étienne-du-Rouvray", "76", "200023414", 49.3786, 1.1050),
    ("76259", "Fécamp", "76", "200069821", 49.7578, 0.3747),
    ("76231", "Elbeuf", "76", "200023414", 49.2866, 1.0083),
    ("27229", "Évreux", "27", "200089456", 49.0241, 1.1508),
    ("27681", "Vernon", "27", "200072676", 49.0929, 1.4853),
    ("27375", "Louviers", "27", "200070449", 49.2153, 1.1660),
    ("27056", "Bernay", "27", "200066033", 49.0889, 0.5983),
    ("50129", "Cherbourg-en-Cotentin", "50", "200067205", 49.6337, -1.6222),
    ("50502", "Saint-Lô", "50", "200066587", 49.1157, -1.0906),
    ("50218", "Granville", "50", "200042604", 48.8379, -1.5973),
    ("50025", "Avranches", "50", "200071439", 48.6844, -1.3569),
    ("50147", "Coutances", "50", "200042729", 49.0478, -1.4453),
    ("61001", "Alençon", "61", "200068463", 48.4329, 0.0913),
    ("61006", "Argentan", "61", "200068146", 48.7444, -0.0203),
    ("61169", "Flers", "61", "200068203", 48.7479, -0.5694),
    ("61214", "L'Aigle", "61", "200068237", 48.7646, 0.6283),
]

KINDS = ["company"] * 8 + [
    "school",
    "training_body",
    "lab",
    "association",
    "public_body",
    "tiers_lieu",
]
SIZE_BANDS = ["", "00", "01", "02", "03", "11", "12", "21", "22", "31"]

# Per domain: activities (sentence cores) the generator combines; words chosen to share
# vocabulary across domains so that queries hit overlapping sets.
ACTIVITIES: dict[str, list[str]] = {
    "cybersecurite": [
        "audits de cybersécurité et tests d'intrusion",
        "réponse aux incidents et gestion de crise après un rançongiciel",
        "sensibilisation des salariés à l'hameçonnage",
        "centre opérationnel de sécurité et supervision des menaces",
        "mise en conformité RGPD et NIS2",
        "sécurité des systèmes d'information industriels",
    ],
    "ia": [
        "solutions d'intelligence artificielle pour l'industrie",
        "vision par ordinateur et contrôle qualité automatisé",
        "maintenance prédictive des machines de production",
        "agents conversationnels et traitement du langage",
        "apprentissage automatique sur des données métier",
    ],
    "data": [
        "tableaux de bord décisionnels et entrepôts de données",
        "analyse de données et data science appliquée",
        "ingénierie des données et migration vers le cloud",
    ],
    "cloud": [
        "hébergement souverain dans un centre de données normand",
        "infrastructures cloud, Kubernetes et DevOps",
        "sauvegarde externalisée et plan de reprise d'activité",
    ],
    "web": [
        "création de sites internet et de boutiques en ligne",
        "e-commerce, référencement naturel et marketing digital",
        "sites marchands PrestaShop et WordPress pour les commerçants",
    ],
    "logiciel": [
        "développement d'applications mobiles et de logiciels sur mesure",
        "édition de logiciels de gestion pour les PME",
        "intégration d'ERP et de CRM",
        "studio de jeux vidéo et de serious games",
    ],
    "iot": [
        "capteurs connectés et objets communicants",
        "automatisme, robotique et industrie 4.0",
        "systèmes embarqués et électronique industrielle",
    ],
    "infogerance": [
        "maintenance informatique et support aux utilisateurs",
        "réseaux, télécoms et déploiement de la fibre",
        "gestion du parc informatique des collectivités",
    ],
    "ux": [
        "design d'expérience utilisateur et prototypage",
        "audits d'accessibilité numérique RGAA",
    ],
    "formation": [
        "formations certifiantes au développement web en alternance",
        "montée en compétences des équipes sur la cybersécurité",
        "bootcamps data et intelligence artificielle",
    ],
    "conseil": [
        "accompagnement de la transformation numérique des TPE",
        "schéma directeur des systèmes d'information",
        "assistance à maîtrise d'ouvrage pour les collectivités",
    ],
    "mediation": [
        "ateliers de médiation numérique et lutte contre l'illectronisme",
        "espace de coworking et fab lab",
    ],
}
DOMAIN_LABELS = {
    "cybersecurite": ["expertcyber", "passi", "pris", "iso27001"],
    "cloud": ["secnumcloud", "hds"],
    "formation": ["qualiopi", "secnumedu"],
    "conseil": ["francenum"],
    "logiciel": ["frenchtech", "jei"],
}
AUDIENCES = [
    "les PME",
    "les collectivités",
    "les industriels",
    "les artisans",
    "les établissements de santé",
    "les exploitations agricoles",
    "les start-up",
    "les associations",
    "le secteur portuaire",
]
OPENERS = [
    "Nous proposons",
    "Spécialistes de",
    "Entreprise experte en",
    "Cabinet dédié à",
    "Équipe engagée pour",
    "Acteur régional de",
]
NAME_A = [
    "Nord",
    "Seine",
    "Cotentin",
    "Bocage",
    "Albâtre",
    "Néo",
    "Digi",
    "Cyber",
    "Data",
    "Pixel",
    "Logi",
    "Cloud",
    "Opale",
    "Manche",
    "Auge",
    "Bessin",
    "Caux",
    "Vexin",
    "Perche",
    "Suisse",
]
NAME_B = [
    "Solutions",
    "Conseil",
    "Numérique",
    "Systèmes",
    "Lab",
    "Studio",
    "Informatique",
    "Services",
    "Technologies",
    "Réseaux",
    "Factory",
    "Agence",
    "Ingénierie",
    "Sécurité",
    "Formation",
]

QUERY_TEXTS = [
    "cybersécurité",
    "cybersecurite",
    "sécurité informatique",
    "rançongiciel",
    "test d'intrusion",
    "audit sécurité PME",
    "intelligence artificielle",
    "l'intelligence artificielle industrie",
    "maintenance prédictive",
    "vision par ordinateur",
    "données",
    "tableau de bord",
    "hébergement cloud souverain",
    "kubernetes",
    "site marchand",
    "boutique en ligne",
    "e-commerce",
    "référencement",
    "jeux vidéo",
    "jeu video",
    "application mobile",
    "logiciel de gestion",
    "ERP",
    "objets connectés",
    "industrie 4.0",
    "robotique",
    "maintenance informatique",
    "fibre",
    "accessibilité",
    "formation alternance",
    "transformation numérique",
    "médiation numérique",
    "coworking",
    "cybersécurité Caen",
    "agence web Rouen",
    "data Le Havre",
    "cloud Évreux",
    "développement sur mesure Cherbourg",
    "intelligence artificielle Rouen",
    "RGPD collectivités",
    "",
]


def town_of(rng: random.Random) -> tuple[str, str, str, str, float, float]:
    return TOWNS[min(int(rng.expovariate(0.12)), len(TOWNS) - 1)]


def generate(n: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    domains = list(ACTIVITIES)
    for i in range(1, n + 1):
        chosen = rng.sample(domains, k=1 if rng.random() < 0.6 else 2)
        town = town_of(rng)
        sentences = []
        for d in chosen:
            act = rng.choice(ACTIVITIES[d])
            sentences.append(f"{rng.choice(OPENERS)} {act} pour {rng.choice(AUDIENCES)}.")
        sentences.append(f"Implantée à {town[1]} depuis {rng.randint(1985, 2025)}.")
        labels = sorted(
            {
                rng.choice(DOMAIN_LABELS[d])
                for d in chosen
                if d in DOMAIN_LABELS and rng.random() < 0.3
            }
        )
        yield {
            "id": i,
            "name": f"{rng.choice(NAME_A)} {rng.choice(NAME_B)} {i}",
            "description": " ".join(sentences),
            "domains": sorted(chosen),
            "labels": labels,
            "kind": rng.choice(KINDS),
            "size_band": rng.choice(SIZE_BANDS),
            "member": "yes" if rng.random() < 0.15 else "no",
            "town": town,
            "lat": town[4] + rng.uniform(-0.04, 0.04),
            "lon": town[5] + rng.uniform(-0.06, 0.06),
            "closed": rng.random() < 0.05,
        }


def to_document(row: dict[str, Any]) -> SearchDocument:
    town = row["town"]
    return SearchDocument(
        id=row["id"],
        name=row["name"],
        tags=tuple(d.replace("_", " ") for d in row["domains"]) + tuple(row["labels"]),
        body=(row["description"], town[1]),
        facets={
            "department": (town[2],),
            "epci": (town[3],),
            "kind": (row["kind"],),
            "domain": tuple(row["domains"]),
            "label": tuple(row["labels"]),
            "size_band": (row["size_band"],) if row["size_band"] else (),
            "member": (row["member"],),
        },
        lat=row["lat"],
        lon=row["lon"],
        closed=row["closed"],
    )


def make_queries(count: int, seed: int = 7) -> list[SearchQuery]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text = QUERY_TEXTS[i % len(QUERY_TEXTS)]
        filters: dict[str, tuple[str, ...]] = {}
        near = radius = None
        roll = rng.random()
        if roll < 0.25:
            filters["department"] = (rng.choice(["14", "27", "50", "61", "76"]),)
        elif roll < 0.40:
            filters["kind"] = ("company",)
            filters["member"] = ("yes",)
        elif roll < 0.55:
            filters["domain"] = (rng.choice(list(ACTIVITIES)),)
        elif roll < 0.70:
            town = rng.choice(TOWNS)
            near, radius = town[0], rng.choice([10.0, 30.0, 50.0])
        out.append(SearchQuery(text=text, filters=filters, near_commune=near, radius_km=radius))
    return out


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, statistics.fmean(ordered)


def time_queries(
    run: Callable[[SearchQuery], Any], queries: list[SearchQuery]
) -> tuple[list[float], list[float]]:
    """(wall, CPU) latencies in ms of a second pass: the first one warms both engines the same
    way (page cache, mmap'd segments, PostgreSQL shared buffers, our circle cache). CPU time is
    this process's (`time.process_time`): on a shared machine it shows our own work where wall
    time also counts waiting for a core; for PostgreSQL it is only the client's share."""
    for q in queries:
        run(q)
    wall, cpu = [], []
    for q in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        run(q)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def line(label: str, wall: list[float], cpu: list[float] | None = None) -> str:
    w50, w95, wmean = percentiles(wall)
    out = f"{label:<12} wall p50 {w50:7.2f} ms  p95 {w95:7.2f} ms  mean {wmean:7.2f} ms"
    if cpu is not None:
        c50, c95, _ = percentiles(cpu)
        out += f"  | CPU p50 {c50:6.2f} ms  p95 {c95:6.2f} ms"
    return out


# --- PostgreSQL baseline -------------------------------------------------------------------

PG_SETUP = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TABLE IF EXISTS {TABLE};
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'bench_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION bench_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION bench_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
CREATE TABLE {TABLE} (
  id integer PRIMARY KEY, name text, tags text, body text, department text, epci text,
  kind text, size_band text, member text, domains text[], labels text[],
  lat double precision, lon double precision, closed boolean, tsv tsvector
);
"""
PG_INDEX = f"""
UPDATE {TABLE} SET tsv =
  setweight(to_tsvector('bench_fr', name), 'A') ||
  setweight(to_tsvector('bench_fr', tags), 'B') ||
  setweight(to_tsvector('bench_fr', body), 'C');
CREATE INDEX {TABLE}_tsv ON {TABLE} USING gin (tsv);
CREATE INDEX {TABLE}_geo ON {TABLE} (lat, lon);
ANALYZE {TABLE};
"""
PG_QUERY = f"""
WITH q AS (SELECT websearch_to_tsquery('bench_fr', %(text)s) AS q),
m AS MATERIALIZED (
  SELECT d.id, d.department, d.epci, d.kind, d.size_band, d.member, d.domains, d.labels,
         CASE WHEN %(text)s = '' THEN 1.0 ELSE ts_rank_cd(d.tsv, q.q) END AS r
  FROM {TABLE} d, q
  WHERE (%(text)s = '' OR d.tsv @@ q.q) AND NOT d.closed
    AND (%(department)s::text IS NULL OR d.department = %(department)s)
    AND (%(kind)s::text IS NULL OR d.kind = %(kind)s)
    AND (%(member)s::text IS NULL OR d.member = %(member)s)
    AND (%(domain)s::text IS NULL OR d.domains @> ARRAY[%(domain)s::text])
    AND (%(min_lat)s::float8 IS NULL OR (d.lat BETWEEN %(min_lat)s AND %(max_lat)s
         AND d.lon BETWEEN %(min_lon)s AND %(max_lon)s
         AND 2 * 6371.0088 * asin(sqrt(power(sin(radians(d.lat - %(lat)s) / 2), 2)
             + cos(radians(%(lat)s)) * cos(radians(d.lat))
             * power(sin(radians(d.lon - %(lon)s) / 2), 2))) <= %(radius)s))
)
SELECT json_build_object(
  'total', (SELECT count(*) FROM m),
  'hits', (SELECT json_agg(id) FROM (SELECT id FROM m ORDER BY r DESC, id LIMIT 20) t),
  'department', (SELECT json_object_agg(k, c)
    FROM (SELECT department k, count(*) c FROM m GROUP BY 1) t),
  'epci', (SELECT json_object_agg(k, c)
    FROM (SELECT epci k, count(*) c FROM m GROUP BY 1) t),
  'kind', (SELECT json_object_agg(k, c)
    FROM (SELECT kind k, count(*) c FROM m GROUP BY 1) t),
  'size_band', (SELECT json_object_agg(k, c)
    FROM (SELECT size_band k, count(*) c FROM m GROUP BY 1) t),
  'member', (SELECT json_object_agg(k, c)
    FROM (SELECT member k, count(*) c FROM m GROUP BY 1) t),
  'domain', (SELECT json_object_agg(k, c)
    FROM (SELECT unnest(domains) k, count(*) c FROM m GROUP BY 1) t),
  'label', (SELECT json_object_agg(k, c)
    FROM (SELECT unnest(labels) k, count(*) c FROM m GROUP BY 1) t)
)
"""


def pg_connect() -> Any:
    try:
        import psycopg

        return psycopg.connect(PG_DSN, autocommit=True)
    except Exception as exc:  # any failure to reach the server skips the baseline
        print(f"PostgreSQL unreachable ({type(exc).__name__}: {exc}); skipping the PG baseline")
        return None


def pg_load(conn: Any, rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    conn.execute(PG_SETUP)
    columns = (
        "id, name, tags, body, department, epci, kind, size_band, member, domains, labels,"
        " lat, lon, closed"
    )
    with conn.cursor() as cur, cur.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
        for r in rows:
            town = r["town"]
            copy.write_row(
                (
                    r["id"],
                    r["name"],
                    " ".join(r["domains"] + r["labels"]),
                    f"{r['description']} {town[1]}",
                    town[2],
                    town[3],
                    r["kind"],
                    r["size_band"],
                    r["member"],
                    r["domains"],
                    r["labels"],
                    r["lat"],
                    r["lon"],
                    r["closed"],
                )
            )
    conn.execute(PG_INDEX)
    return time.perf_counter() - started


def pg_runner(conn: Any, towns: dict[str, Point]) -> Callable[[SearchQuery], Any]:
    def run(q: SearchQuery) -> Any:
        params: dict[str, Any] = {
            "text": q.text,
            "department": (q.filters.get("department") or (None,))[0],
            "kind": (q.filters.get("kind") or (None,))[0],
            "member": (q.filters.get("member") or (None,))[0],
            "domain": (q.filters.get("domain") or (None,))[0],
            "min_lat": None,
            "max_lat": None,
            "min_lon": None,
            "max_lon": None,
            "lat": None,
            "lon": None,
            "radius": None,
        }
        if q.near_commune and q.radius_km:
            c = towns[q.near_commune]
            box = bounding_box(c, q.radius_km)
            params.update(
                min_lat=box.min_lat,
                max_lat=box.max_lat,
                min_lon=box.min_lon,
                max_lon=box.max_lon,
                lat=c.lat,
                lon=c.lon,
                radius=q.radius_km,
            )
        return conn.execute(PG_QUERY, params).fetchone()[0]

    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench search")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the PG table afterwards")
    args = parser.parse_args(argv or [])

    rows = list(generate(args.docs))
    queries = make_queries(args.queries)
    towns = {t[0]: Point(t[4], t[5]) for t in TOWNS}
    lexicon = build_lexicon(domain_concepts())
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures scale with it)")
    print(
        f"{args.docs} organisations, {len(queries)} queries "
        f"({sum(1 for q in queries if q.radius_km)} with a radius, "
        f"{sum(1 for q in queries if q.filters)} with facet filters)"
    )

    root = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        store = IndexStore(root)
        started = time.perf_counter()
        store.rebuild(to_document(r) for r in rows)
        print(f"tantivy: indexed in {time.perf_counter() - started:.1f} s (analysis included)")
        searcher = store.searcher()

        def tantivy_run(q: SearchQuery) -> Any:
            return run_search(
                store.searcher(),
                store.schema,
                q,
                lexicon=lexicon,
                centre=towns.get(q.near_commune or ""),
            )

        def tantivy_plain(q: SearchQuery) -> Any:
            return run_search(
                store.searcher(),
                store.schema,
                q,
                lexicon=EMPTY_LEXICON,
                centre=towns.get(q.near_commune or ""),
            )

        tv, tv_cpu = time_queries(tantivy_run, queries)
        plain, plain_cpu = time_queries(tantivy_plain, queries)
        sample = run_search(
            searcher, store.schema, SearchQuery(text="cybersécurité"), lexicon=lexicon
        )
        print(
            f"  'cybersécurité': {sample.total} results, facets for "
            f"{sum(len(v) for v in sample.facets.values())} values"
        )
        tv50, tv95, _ = percentiles(tv)
        pl50, pl95, _ = percentiles(plain)
        print(
            line("tantivy", tv, tv_cpu)
            + f"   (target p95 ≤ 10 ms: {'met' if tv95 <= 10 else 'MISSED'})"
        )
        print(line("no synonyms", plain, plain_cpu) + "   (like-for-like with PG)")
        radius = [i for i, q in enumerate(queries) if q.radius_km]
        if radius:
            print(line("  radius", [tv[i] for i in radius], [tv_cpu[i] for i in radius]))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    conn = pg_connect()
    if conn is None:
        return
    try:
        load = pg_load(conn, rows)
        print(f"PostgreSQL: loaded + tsvector + GIN in {load:.1f} s")
        pg, _pg_cpu = time_queries(pg_runner(conn, towns), queries)
        pg50, pg95, _ = percentiles(pg)
        print(line("PostgreSQL", pg) + "   (server time included; client CPU not shown)")
        ratio95, ratio50 = pg95 / tv95, pg50 / tv50
        print(
            f"ratio PG/tantivy: p50 {ratio50:.1f}×, p95 {ratio95:.1f}× "
            f"(target ≥ 10×: {'met' if ratio95 >= 10 else 'MISSED'})"
        )
        print(f"ratio PG/tantivy without synonyms: p50 {pg50 / pl50:.1f}×, p95 {pg95 / pl95:.1f}×")
    finally:
        if not args.keep:
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.close()


if __name__ == "__main__":
    main()
