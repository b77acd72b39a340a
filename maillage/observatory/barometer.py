"""Ecosystem barometer: digital establishments and estimated jobs from Sirene stock data.

Computed with DuckDB straight from the StockEtablissement CSV (or from the directory's rows),
joined to reference tables passed in (`BarometerRefs`), so the same SQL runs in the web app,
the command and the benchmark.

Definitions
-----------
- *digital establishment*: an establishment whose `activitePrincipaleEtablissement` is in the
  digital-sector definition (NAF rév. 2 list, versioned in `opendata.DigitalSectorDefinition`);
- *active*: `etatAdministratifEtablissement = 'A'`;
- *employment estimate*: Σ midpoint(size band) over active establishments; bands "NN" (no
  employee in the reference year), "00" (0 employees) and unknown count for 0. The midpoint
  of a band [a, b] is (a + b) / 2 (the open top band "53": 10,000 + is counted as 10,000);
- *region share* = region figure / France figure;
- *creations* of year Y: digital establishments (any state) with `dateCreationEtablissement`
  in Y; *closures* of year Y: closed ones (`F`) whose current period started (`dateDebut`) in Y.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type stubs

REQUIRED_COLUMNS = (
    "siret",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "dateDebut",
    "activitePrincipaleEtablissement",
)
EMPLOYMENT_METHOD = (
    "Estimation : somme des milieux des tranches d'effectifs salariés INSEE des établissements "
    "actifs (tranche « NN », « 00 » ou inconnue comptée 0)."
)


class BarometerError(ValueError):
    """The input cannot be used (missing columns, unreadable file); nothing is stored."""


@dataclass(frozen=True)
class BarometerRefs:
    region_code: str
    digital_naf: frozenset[str]  # dotted codes, "62.01Z"
    definition_version: str
    midpoints: dict[str, float]  # size band → midpoint
    communes: dict[str, tuple[str, str]] = field(default_factory=dict)  # insee → (dep, epci)
    department_region: dict[str, str] = field(default_factory=dict)  # dep → region
    nomenclature: str = "NAFRev2"  # the definition's; rows coded in another one are left out


@dataclass(frozen=True)
class Figures:
    establishments: int
    employees: float


@dataclass(frozen=True)
class Barometer:
    definition_version: str
    source: str
    source_date: str  # the latest processing date found in the data (ISO), "" when unknown
    region_code: str
    region: Figures
    france: Figures
    cells: pa.Table  # naf, department, epci, size_band, establishments, employees, in_region
    flows: list[dict[str, Any]]  # {"year", "creations_region", "closures_region", ...France}
    # False when the source only covers the region (the directory): no share of France then
    national: bool = True

    @property
    def share_establishments(self) -> float | None:
        f = self.france.establishments
        return self.region.establishments / f if f and self.national else None

    @property
    def share_employees(self) -> float | None:
        f = self.france.employees
        return self.region.employees / f if f and self.national else None

    def summary(self) -> dict[str, Any]:
        return {
            "definition_version": self.definition_version,
            "source": self.source,
            "source_date": self.source_date,
            "employment_method": EMPLOYMENT_METHOD,
            "region_code": self.region_code,
            "region": vars(self.region),
            "france": vars(self.france),
            "share_establishments": self.share_establishments,
            "share_employees": self.share_employees,
            "national": self.national,
            "flows": self.flows,
        }


def _refs_tables(con: duckdb.DuckDBPyConnection, refs: BarometerRefs) -> None:
    naf = pa.table({"naf": sorted(refs.digital_naf)}, schema=pa.schema([("naf", pa.string())]))
    bands = pa.table(
        {"band": list(refs.midpoints), "midpoint": [float(v) for v in refs.midpoints.values()]},
        schema=pa.schema([("band", pa.string()), ("midpoint", pa.float64())]),
    )
    communes = pa.table(
        {
            "insee": list(refs.communes),
            "dep": [v[0] for v in refs.communes.values()],
            "epci": [v[1] for v in refs.communes.values()],
        },
        schema=pa.schema([("insee", pa.string()), ("dep", pa.string()), ("epci", pa.string())]),
    )
    regions = pa.table(
        {"dep": list(refs.department_region), "reg": list(refs.department_region.values())},
        schema=pa.schema([("dep", pa.string()), ("reg", pa.string())]),
    )
    for name, table in (("ref_naf", naf), ("ref_band", bands), ("ref_commune", communes),
                        ("ref_region", regions)):  # fmt: skip
        con.register(name, table)


# `src` has the Sirene column names (all text). Codes are normalised to the dotted NAF form.
_PREPARED = """
CREATE TEMP TABLE e AS
SELECT
  CASE WHEN regexp_matches(upper(trim(activitePrincipaleEtablissement)), '^\\d{4}[A-Z]$')
       THEN substr(upper(trim(activitePrincipaleEtablissement)), 1, 2) || '.'
            || substr(upper(trim(activitePrincipaleEtablissement)), 3)
       ELSE upper(trim(activitePrincipaleEtablissement)) END AS naf,
  coalesce(c.dep, CASE WHEN starts_with(s.codeCommuneEtablissement, '97')
                         OR starts_with(s.codeCommuneEtablissement, '98')
                       THEN substr(s.codeCommuneEtablissement, 1, 3)
                       ELSE substr(s.codeCommuneEtablissement, 1, 2) END) AS department,
  coalesce(c.epci, '') AS epci,
  coalesce(s.trancheEffectifsEtablissement, '') AS size_band,
  s.etatAdministratifEtablissement = 'A' AS active,
  TRY_CAST(substr(s.dateCreationEtablissement, 1, 4) AS INTEGER) AS created_year,
  TRY_CAST(substr(s.dateDebut, 1, 4) AS INTEGER) AS start_year
FROM src s
LEFT JOIN ref_commune c ON c.insee = s.codeCommuneEtablissement
"""

_CELLS = """
SELECT e.naf, e.department, e.epci, e.size_band,
       count(*)::BIGINT AS establishments,
       sum(coalesce(b.midpoint, 0))::DOUBLE AS employees,
       coalesce(r.reg = ?, false) AS in_region
FROM e
JOIN ref_naf n ON n.naf = e.naf
LEFT JOIN ref_band b ON b.band = e.size_band
LEFT JOIN ref_region r ON r.dep = e.department
WHERE e.active
GROUP BY ALL
ORDER BY e.naf, e.department, e.epci, e.size_band
"""

_FLOWS = """
WITH d AS (
  SELECT e.*, coalesce(r.reg = ?, false) AS in_region
  FROM e JOIN ref_naf n ON n.naf = e.naf LEFT JOIN ref_region r ON r.dep = e.department
),
c AS (SELECT created_year AS year, count(*) AS n, sum(in_region::INT) AS nr
      FROM d WHERE created_year IS NOT NULL GROUP BY 1),
f AS (SELECT start_year AS year, count(*) AS n, sum(in_region::INT) AS nr
      FROM d WHERE NOT active AND start_year IS NOT NULL GROUP BY 1)
SELECT coalesce(c.year, f.year) AS year,
       coalesce(c.nr, 0), coalesce(f.nr, 0), coalesce(c.n, 0), coalesce(f.n, 0)
FROM c FULL OUTER JOIN f ON c.year = f.year
ORDER BY 1
"""


def compute(
    con: duckdb.DuckDBPyConnection,
    refs: BarometerRefs,
    *,
    source: str,
    source_date: str,
    national: bool = True,
) -> Barometer:
    """Aggregate the relation `src` already registered on `con`."""
    _refs_tables(con, refs)
    con.execute(_PREPARED)
    cells = con.sql(_CELLS.replace("?", "$1"), params=[refs.region_code]).to_arrow_table()
    if cells is None:  # DuckDB types the result as optional; a SELECT always returns one
        raise BarometerError("the aggregation returned no result")
    est = cells.column("establishments").to_pylist()
    emp = cells.column("employees").to_pylist()
    inr = cells.column("in_region").to_pylist()
    france = Figures(int(sum(est)), float(sum(emp)))
    region = Figures(
        int(sum(n for n, r in zip(est, inr, strict=True) if r)),
        float(sum(x for x, r in zip(emp, inr, strict=True) if r)),
    )
    flows = [
        {
            "year": year,
            "creations_region": int(cr),
            "closures_region": int(fr),
            "creations_france": int(cf),
            "closures_france": int(ff),
        }
        for year, cr, fr, cf, ff in con.execute(_FLOWS, [refs.region_code]).fetchall()
    ]
    return Barometer(
        definition_version=refs.definition_version,
        source=source,
        source_date=source_date,
        region_code=refs.region_code,
        region=region,
        france=france,
        cells=cells,
        flows=flows,
        national=national,
    )


def from_sirene_csv(path: Path, refs: BarometerRefs) -> Barometer:
    """Read a StockEtablissement CSV (comma, UTF-8, header) with DuckDB and aggregate it."""
    con = duckdb.connect(":memory:")
    try:
        try:
            rel = con.read_csv(str(path), header=True, all_varchar=True, delimiter=",")
        except duckdb.Error as exc:
            raise BarometerError(f"{path.name}: unreadable CSV ({exc})") from exc
        missing = [c for c in REQUIRED_COLUMNS if c not in rel.columns]
        if missing:
            raise BarometerError(f"{path.name}: missing Sirene column(s): {', '.join(missing)}")
        if "nomenclatureActivitePrincipaleEtablissement" in rel.columns:
            # Old rows carry NAP/NAF rév. 1 codes: only the definition's nomenclature counts.
            rel = rel.filter(
                duckdb.ColumnExpression("nomenclatureActivitePrincipaleEtablissement").isin(
                    duckdb.ConstantExpression(refs.nomenclature), duckdb.ConstantExpression("")
                )
                | duckdb.ColumnExpression("nomenclatureActivitePrincipaleEtablissement").isnull()
            )
        con.register("src", rel)
        source_date = ""
        if "dateDernierTraitementEtablissement" in rel.columns:
            rows = con.execute(
                "SELECT max(substr(dateDernierTraitementEtablissement, 1, 10)) FROM src"
            ).fetchall()  # fetchall: DuckDB 2 keeps a half-read result open and blocks
            source_date = (rows[0][0] if rows else "") or ""
        try:
            return compute(con, refs, source=f"Sirene {path.name}", source_date=source_date)
        except duckdb.Error as exc:
            raise BarometerError(f"{path.name}: {exc}") from exc
    finally:
        con.close()


def from_rows(
    rows: pa.Table, refs: BarometerRefs, *, source: str, source_date: str, national: bool = True
) -> Barometer:
    """Aggregate an Arrow table with the Sirene column names (e.g. the directory's rows, with
    ``national=False``: the directory covers the region, so no share of France is given)."""
    con = duckdb.connect(":memory:")
    try:
        con.register("src", rows)
        return compute(con, refs, source=source, source_date=source_date, national=national)
    finally:
        con.close()
