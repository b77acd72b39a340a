"""Reads of the observatory: the latest snapshots aggregated with DuckDB, indicators from
`maillage_core.indicators`, every published table through `maillage_core.disclosure.protect`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from maillage.observatory import snapshots
from maillage.observatory.models import Snapshot
from maillage.opendata.models import Epci, NafCode
from maillage.opendata.selectors import rome_labels
from maillage_core import indicators
from maillage_core.catalogue import DOMAINS
from maillage_core.disclosure import CountTable, Policy, PublishedTable, protect

# Offers, establishments, training places and hiring projects count units, not persons: the
# business-statistics threshold (fewer than 3 units hidden). Unmet needs come from
# organisations' requests: the platform's person rule (1-10 hidden).
UNITS = Policy(min_count=3)
REQUESTS = Policy()
TOP = 15


def latest(kind: str) -> Snapshot | None:
    return Snapshot.objects.filter(kind=kind).order_by("-taken_on").first()


def _identity(kind: str) -> tuple[str, int] | None:
    """(path, mtime) of the latest snapshot of `kind`: a snapshot file is written once and only
    replaced whole (a rename), so this pair names its content."""
    snap = latest(kind)
    if snap is None:
        return None
    try:
        return snap.path, Path(snap.path).stat().st_mtime_ns
    except FileNotFoundError:
        return None


@lru_cache(maxsize=256)
def _cached_query(path: str, mtime_ns: int, sql: str) -> tuple[tuple[Any, ...], ...]:
    del mtime_ns  # part of the cache key only
    return tuple(snapshots.query(sql, Path(path)))


def _rows(kind: str, sql: str) -> tuple[tuple[Any, ...], ...]:
    """Rows of `sql` over the latest snapshot of `kind`, cached per snapshot file."""
    identity = _identity(kind)
    if identity is None:
        return ()
    return _cached_query(identity[0], identity[1], sql)


def epci_names(codes: Sequence[str]) -> dict[str, str]:
    return dict(Epci.objects.filter(siren__in=list(codes)).values_list("siren", "name"))


def _table(
    cells: list[tuple[str, str, int]], policy: Policy, *, top: int | None = None
) -> PublishedTable | None:
    """(row, col, count) triples → protected 2-D table; beyond `top` rows go to "autres"."""
    if not cells:
        return None
    totals: dict[str, int] = {}
    for r, _, n in cells:
        totals[r] = totals.get(r, 0) + n
    ranked = sorted(totals, key=lambda r: (-totals[r], r))
    keep = set(ranked[:top]) if top else set(ranked)
    rows = [r for r in ranked if r in keep] + (["autres"] if len(keep) < len(ranked) else [])
    cols = sorted({c for _, c, _ in cells})
    grid = {(r if r in keep else "autres", c): 0 for r in rows for c in cols}
    for r, c, n in cells:
        key = (r if r in keep else "autres", c)
        grid[key] += n
    table = CountTable(
        rows=tuple(rows),
        cols=tuple(cols),
        counts=tuple(tuple(grid[(r, c)] for c in cols) for r in rows),
    )
    return protect(table, policy)


def demand_cells() -> list[tuple[str, str, int]]:
    return [
        (r, d, int(n))
        for r, d, n in _rows(
            "offers",
            "SELECT coalesce(nullif(rome, ''), '?'), coalesce(nullif(department, ''), '?'), "
            "count(*) FROM t GROUP BY 1, 2 ORDER BY 1, 2",
        )
    ]


def supply_cells() -> list[tuple[str, str, int]]:
    return [
        (r, d, int(n))
        for r, d, n in _rows(
            "supply",
            "SELECT rome, coalesce(nullif(department, ''), '?'), sum(places) FROM t "
            "GROUP BY 1, 2 ORDER BY 1, 2",
        )
    ]


def bmo_cells() -> list[tuple[str, str, int, int]]:
    return [
        (o, d, int(p), int(x))
        for o, d, p, x in _rows(
            "bmo",
            "SELECT occupation_label, department, sum(projects), sum(difficult) FROM t "
            "GROUP BY 1, 2 ORDER BY 1, 2",
        )
    ]


def unmet_cells() -> list[tuple[str, str, int]]:
    return [
        (k, d or "?", int(n))
        for k, d, n in _rows(
            "unmet", "SELECT domain, department, count(*) FROM t GROUP BY 1, 2 ORDER BY 1, 2"
        )
    ]


def barometer_cells(by: str = "department") -> list[tuple[str, str, int, float]]:
    """(naf, territory, establishments, employees) in the region; `by` = department | epci."""
    column = "epci" if by == "epci" else "department"
    return [
        (naf, t, int(n), float(e))
        for naf, t, n, e in _rows(
            "barometer",
            f"SELECT naf, {column}, sum(establishments), sum(employees) FROM t "  # noqa: S608  # column is one of two literals
            "WHERE in_region GROUP BY 1, 2 ORDER BY 1, 2",
        )
    ]


# --- published tables ---------------------------------------------------------------------


_KINDS = {
    "demande": "offers",
    "offre-formation": "supply",
    "bmo": "bmo",
    "besoins-non-satisfaits": "unmet",
    "barometre": "barometer",
}


def published(name: str) -> PublishedTable | None:
    """A named open-data table, protected (cached per snapshot file). Names: see EXPORTS."""
    identity = _identity(_KINDS[name])
    if identity is None:
        return None
    return _published(name, identity)


@lru_cache(maxsize=64)
def _published(name: str, identity: tuple[str, int]) -> PublishedTable | None:
    del identity  # part of the cache key only
    if name == "demande":
        return _table(demand_cells(), UNITS)
    if name == "offre-formation":
        return _table(supply_cells(), UNITS)
    if name == "bmo":
        return _table([(o, d, p) for o, d, p, _ in bmo_cells()], UNITS)
    if name == "besoins-non-satisfaits":
        return _table(unmet_cells(), REQUESTS)
    if name == "barometre":
        return _table([(n, t, e) for n, t, e, _ in barometer_cells()], UNITS)
    raise KeyError(name)


def export_rows(name: str, keys: Sequence[str]) -> tuple[str, dict[str, str] | None]:
    """The row-key column title of an export and the labels of its keys (None: the keys are
    labels already, as BMO occupations)."""
    if name in ("demande", "offre-formation"):
        return "code_rome", rome_labels(keys)
    if name == "barometre":
        return "code_naf", dict(
            NafCode.objects.filter(code__in=list(keys)).values_list("code", "label")
        )
    if name == "besoins-non-satisfaits":
        return "domaine", {d.slug: d.label for d in DOMAINS}
    return "metier_bmo", None


EXPORTS = {
    "demande": "Offres d'emploi par métier (ROME) et département",
    "offre-formation": "Formations par métier préparé (ROME) et département",
    "bmo": "Projets de recrutement (BMO) par métier et département",
    "besoins-non-satisfaits": "Besoins sans mise en relation acceptée, par domaine et département",
    "barometre": "Établissements numériques actifs par code NAF et département (région)",
}


@dataclass(frozen=True)
class TensionRow:
    rome: str
    label: str
    department: str
    demand: int
    supply: int
    index: float


def tension_rows(limit: int = TOP) -> list[TensionRow]:
    """`indicators.tension` over demand × supply by (ROME, département); only cells whose
    demand is publishable (≥ 3 offers) are shown. Cached per pair of snapshot files."""
    rows = _tension(_identity("offers"), _identity("supply"))[:limit]
    labels = rome_labels([t.key for t in rows])
    return [
        TensionRow(t.key, labels.get(t.key, t.key), t.territory, t.demand, t.supply, t.index)
        for t in rows
    ]


def gap_rows(limit: int = TOP) -> list[indicators.Gap]:
    return list(_gaps(_identity("offers"), _identity("supply"))[:limit])


Identity = tuple[str, int] | None


def _demand_supply() -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    demand = {(r, d): n for r, d, n in demand_cells() if n >= UNITS.min_count}
    return demand, {(r, d): n for r, d, n in supply_cells()}


@lru_cache(maxsize=8)
def _tension(offers: Identity, supply_: Identity) -> tuple[indicators.Tension, ...]:
    del offers, supply_  # the cache key: the snapshot files the figures come from
    return tuple(indicators.tension(*_demand_supply()))


@lru_cache(maxsize=8)
def _gaps(offers: Identity, supply_: Identity) -> tuple[indicators.Gap, ...]:
    del offers, supply_  # the cache key
    return tuple(indicators.skill_gaps(*_demand_supply()))


def demand_series() -> tuple[PublishedTable | None, dict[str, str]]:
    """Offers by ROME code over the region (a protected series), with the labels."""
    totals: dict[str, int] = {}
    for r, _, n in demand_cells():
        totals[r] = totals.get(r, 0) + n
    ranked = sorted(totals, key=lambda r: (-totals[r], r))[:TOP]
    if not ranked:
        return None, {}
    table = protect(CountTable.series(ranked, [totals[r] for r in ranked]), UNITS)
    return table, rome_labels(ranked)


def demand_by_department() -> dict[str, int | None]:
    """Offers per département, protected as a series (None = suppressed)."""
    totals: dict[str, int] = {}
    for _, d, n in demand_cells():
        totals[d] = totals.get(d, 0) + n
    keys = sorted(totals)
    if not keys:
        return {}
    pub = protect(CountTable.series(keys, [totals[k] for k in keys]), UNITS)
    return {k: row[0].value for k, row in zip(pub.rows, pub.cells, strict=True)}  # type: ignore[misc]  # counts are ints


def barometer_by(by: str) -> dict[str, int | None]:
    totals: dict[str, int] = {}
    for _, t, n, _ in barometer_cells(by):
        totals[t] = totals.get(t, 0) + n
    keys = sorted(k for k in totals if k)
    if not keys:
        return {}
    pub = protect(CountTable.series(keys, [totals[k] for k in keys]), UNITS)
    return {k: row[0].value for k, row in zip(pub.rows, pub.cells, strict=True)}  # type: ignore[misc]  # counts are ints


def bmo_summary() -> dict[str, Any]:
    cells = bmo_cells()
    projects = sum(p for _, _, p, _ in cells)
    difficult = sum(x for _, _, _, x in cells)
    return {
        "projects": projects,
        "difficult": difficult,
        "rate": indicators.Rate(difficult, projects).value,
    }


def barometer_summary() -> dict[str, Any] | None:
    snap = latest("barometer")
    return dict(snap.meta, taken_on=snap.taken_on.isoformat()) if snap else None


def skill_series() -> PublishedTable | None:
    """The skills most mentioned by offers (ROME and ESCO skills found by the classifier),
    protected."""
    rows = _rows(
        "offers",
        "SELECT s, count(*) FROM t, unnest(skills) AS u(s) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15",
    )
    if not rows:
        return None
    return protect(CountTable.series([r[0] for r in rows], [int(r[1]) for r in rows]), UNITS)


def monthly_trends() -> list[indicators.Trend]:
    """Offers per month with month-over-month and year-over-year changes (`indicators.trends`);
    months whose count is suppressed are left out."""
    rows = _rows("offers", "SELECT month, count(*) FROM t WHERE month <> '' GROUP BY 1 ORDER BY 1")
    if not rows:
        return []
    pub = protect(CountTable.series([r[0] for r in rows], [int(r[1]) for r in rows]), UNITS)
    series = {m: int(c[0].value) for m, c in zip(pub.rows, pub.cells, strict=True) if c[0].value}
    return indicators.trends(series)[-12:]


@dataclass(frozen=True)
class BmoLine:
    occupation: str
    projects: int | None  # None: suppressed
    difficulty: float | None  # difficult / projects, only when both are published


def bmo_top(limit: int = 10) -> list[BmoLine]:
    """The BMO occupations with the most hiring projects in the region, with their difficulty
    rate (`indicators.difficulty_rates`); both counts go through `protect`."""
    cells = bmo_cells()
    rows = [
        indicators.BmoRow(occupation=o, territory="*", projects=p, difficult=x)
        for o, _, p, x in cells
    ]
    rates = indicators.difficulty_rates(rows, by_territory=False)
    ranked = sorted(rates, key=lambda k: (-rates[k].denominator, k[0]))[:limit]
    if not ranked:
        return []
    projects = protect(
        CountTable.series([k[0] for k in ranked], [rates[k].denominator for k in ranked]), UNITS
    )
    difficult = protect(
        CountTable.series([k[0] for k in ranked], [rates[k].numerator for k in ranked]), UNITS
    )
    out = []
    for k, p, d in zip(ranked, projects.cells, difficult.cells, strict=True):
        shown = p[0].value is not None and d[0].value is not None
        out.append(BmoLine(k[0], p[0].value, rates[k].value if shown else None))  # type: ignore[arg-type]  # counts are ints
    return out
