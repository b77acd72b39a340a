"""Observatory indicators: pure functions over plain rows (frozen dataclasses).

Territories and months are opaque keys chosen by the caller (a département code, an EPCI SIREN, a
BMO employment area; months as "YYYY-MM"). Every function is deterministic: outputs are sorted
by key, ties broken by key.

Formulas
--------
- demand(key, territory, month) = Σ offers.count
- BMO difficulty rate = difficult projects / projects (None when projects = 0)
- supply(key, territory) = Σ training places (or sessions) preparing for the key
- tension: ``ratio = D / (S + 1)`` (demand per training place, +1 so that no supply is finite),
  ``raw = ratio · (1 + d)`` with d the BMO difficulty rate of the key (0 when unknown), and
  ``index = 100 · raw / max(raw)`` over the table, so the tensest key scores 100
- skill gaps: keys with demand > 0 and no local supply, by demand descending
- trends: ``mom = (x_m − x_{m−1}) / x_{m−1}``, ``yoy = (x_m − x_{m−12}) / x_{m−12}``, each None
  when its base is below ``min_base`` (small bases make meaningless percentages)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OfferRow:
    """One job offer (or a pre-aggregated count of offers)."""

    rome: str
    territory: str
    month: str  # "YYYY-MM"
    skills: tuple[str, ...] = ()
    count: int = 1


@dataclass(frozen=True)
class BmoRow:
    """One BMO survey cell: recruitment projects for an occupation in an area."""

    occupation: str
    territory: str
    projects: int
    difficult: int
    seasonal: int = 0


@dataclass(frozen=True)
class SupplyRow:
    """Training supply: places (or sessions) preparing for a skill/ROME code in a territory."""

    key: str  # skill code or ROME code
    territory: str
    places: int = 1


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Tension:
    key: str
    territory: str
    demand: int
    supply: int
    difficulty: float  # 0 when unknown
    ratio: float  # D / (S + 1)
    index: float  # 0..100


@dataclass(frozen=True)
class Gap:
    key: str
    territory: str
    demand: int


@dataclass(frozen=True)
class Trend:
    month: str
    value: int
    mom: float | None
    yoy: float | None


def demand_by_rome(offers: Iterable[OfferRow]) -> dict[tuple[str, str, str], int]:
    """(ROME, territory, month) → number of offers."""
    out: dict[tuple[str, str, str], int] = {}
    for o in offers:
        key = (o.rome, o.territory, o.month)
        out[key] = out.get(key, 0) + o.count
    return dict(sorted(out.items()))


def demand_by_skill(offers: Iterable[OfferRow]) -> dict[tuple[str, str, str], int]:
    """(skill, territory, month) → number of offers mentioning the skill (once per offer)."""
    out: dict[tuple[str, str, str], int] = {}
    for o in offers:
        for skill in dict.fromkeys(o.skills):
            key = (skill, o.territory, o.month)
            out[key] = out.get(key, 0) + o.count
    return dict(sorted(out.items()))


def collapse_months(demand: Mapping[tuple[str, str, str], int]) -> dict[tuple[str, str], int]:
    """(key, territory, month) → (key, territory): demand over the whole period."""
    out: dict[tuple[str, str], int] = {}
    for (key, territory, _), n in demand.items():
        out[(key, territory)] = out.get((key, territory), 0) + n
    return dict(sorted(out.items()))


def difficulty_rates(
    rows: Iterable[BmoRow], *, by_territory: bool = True
) -> dict[tuple[str, str], Rate]:
    """(occupation, territory) → difficult / projects; territory "*" when not ``by_territory``."""
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for r in rows:
        key = (r.occupation, r.territory if by_territory else "*")
        diff, proj = sums.get(key, (0, 0))
        sums[key] = (diff + r.difficult, proj + r.projects)
    return {k: Rate(d, p) for k, (d, p) in sorted(sums.items())}


def supply(rows: Iterable[SupplyRow]) -> dict[tuple[str, str], int]:
    """(key, territory) → training places."""
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        out[(r.key, r.territory)] = out.get((r.key, r.territory), 0) + r.places
    return dict(sorted(out.items()))


def tension(
    demand: Mapping[tuple[str, str], int],
    supply_: Mapping[tuple[str, str], int],
    difficulty: Mapping[str, float] | None = None,
) -> list[Tension]:
    """Tension per (key, territory) with demand > 0, tensest first (see module formulas)."""
    difficulty = difficulty or {}
    raws: list[tuple[float, str, str, int, int, float, float]] = []
    for (key, territory), d in demand.items():
        if d <= 0:
            continue
        s = supply_.get((key, territory), 0)
        diff = min(max(difficulty.get(key, 0.0), 0.0), 1.0)
        ratio = d / (s + 1)
        raws.append((ratio * (1 + diff), key, territory, d, s, diff, ratio))
    top = max((r[0] for r in raws), default=0.0)
    out = [
        Tension(
            key, territory, d, s, diff, round(ratio, 6), round(100 * raw / top, 4) if top else 0.0
        )
        for raw, key, territory, d, s, diff, ratio in raws
    ]
    return sorted(out, key=lambda t: (-t.index, t.key, t.territory))


def skill_gaps(
    demand: Mapping[tuple[str, str], int],
    supply_: Mapping[tuple[str, str], int],
    *,
    limit: int | None = None,
) -> list[Gap]:
    """Keys in demand in a territory where no training prepares for them, most demanded first."""
    gaps = [
        Gap(key, territory, d)
        for (key, territory), d in demand.items()
        if d > 0 and supply_.get((key, territory), 0) == 0
    ]
    gaps.sort(key=lambda g: (-g.demand, g.key, g.territory))
    return gaps[:limit] if limit is not None else gaps


def shift_month(month: str, delta: int) -> str:
    """ "2025-01" shifted by -1 → "2024-12"."""
    year, mon = (int(p) for p in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _change(current: int, base: int | None, min_base: int) -> float | None:
    if base is None or base < max(min_base, 1):
        return None
    return (current - base) / base


def trends(series: Mapping[str, int], *, min_base: int = 20) -> list[Trend]:
    """Month-over-month and year-over-year change of a monthly series (missing months = 0)."""
    out = []
    for month in sorted(series):
        value = series[month]
        prev = series.get(shift_month(month, -1), 0)
        year_ago = series.get(shift_month(month, -12), 0)
        out.append(
            Trend(month, value, _change(value, prev, min_base), _change(value, year_ago, min_base))
        )
    return out


def monthly(
    demand: Mapping[tuple[str, str, str], int],
    *,
    key: str | None = None,
    territory: str | None = None,
) -> dict[str, int]:
    """A monthly series out of a demand table, optionally restricted to one key / territory."""
    out: dict[str, int] = {}
    for (k, t, month), n in demand.items():
        if (key is None or k == key) and (territory is None or t == territory):
            out[month] = out.get(month, 0) + n
    return dict(sorted(out.items()))
