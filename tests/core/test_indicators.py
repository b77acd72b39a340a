"""Indicators on small tables whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from maillage_core.indicators import (
    BmoRow,
    OfferRow,
    SupplyRow,
    collapse_months,
    demand_by_rome,
    demand_by_skill,
    difficulty_rates,
    monthly,
    shift_month,
    skill_gaps,
    supply,
    tension,
    trends,
)

OFFERS = [
    OfferRow("M1805", "14", "2025-01", skills=("python", "sql")),
    OfferRow("M1805", "14", "2025-01", skills=("python", "python")),
    OfferRow("M1805", "76", "2025-01", skills=("java",)),
    OfferRow("M1805", "14", "2025-02", skills=("python",), count=3),
    OfferRow("M1801", "14", "2025-02", skills=("linux",)),
]


def test_demand_by_rome_territory_month() -> None:
    assert demand_by_rome(OFFERS) == {
        ("M1801", "14", "2025-02"): 1,
        ("M1805", "14", "2025-01"): 2,
        ("M1805", "14", "2025-02"): 3,
        ("M1805", "76", "2025-01"): 1,
    }


def test_demand_by_skill_counts_each_offer_once() -> None:
    d = demand_by_skill(OFFERS)
    assert d[("python", "14", "2025-01")] == 2  # the duplicated skill counts once
    assert d[("python", "14", "2025-02")] == 3
    assert collapse_months(d)[("python", "14")] == 5


def test_bmo_difficulty_rate() -> None:
    rows = [
        BmoRow("M1X80", "2801", projects=40, difficult=30),
        BmoRow("M1X80", "2817", projects=60, difficult=15),
        BmoRow("G1X75", "2817", projects=0, difficult=0),
    ]
    by_area = difficulty_rates(rows)
    assert by_area[("M1X80", "2801")].value == 0.75
    assert by_area[("G1X75", "2817")].value is None
    assert difficulty_rates(rows, by_territory=False)[("M1X80", "*")].value == pytest.approx(0.45)


def test_supply_sums_places() -> None:
    rows = [SupplyRow("python", "14", 12), SupplyRow("python", "14", 8), SupplyRow("java", "76")]
    assert supply(rows) == {("java", "76"): 1, ("python", "14"): 20}


def test_tension_formula_and_ranking() -> None:
    demand = {("a", "14"): 10, ("b", "14"): 10, ("c", "14"): 4, ("d", "14"): 0}
    supply_ = {("a", "14"): 4, ("b", "14"): 0}
    rows = tension(demand, supply_, {"a": 0.5})
    assert [r.key for r in rows] == ["b", "c", "a"]  # no row for zero demand
    b, c, a = rows
    assert b.ratio == 10.0 and b.index == 100.0  # 10 / (0 + 1)
    assert c.ratio == 4.0 and c.index == 40.0
    assert a.ratio == 2.0 and a.index == pytest.approx(30.0)  # 10/5 · (1 + 0.5) = 3 → 30 %


def test_skill_gaps_are_demand_without_supply() -> None:
    demand = {("python", "14"): 5, ("java", "14"): 9, ("sql", "14"): 9, ("linux", "76"): 2}
    gaps = skill_gaps(demand, {("python", "14"): 3, ("linux", "14"): 2})
    assert [(g.key, g.territory, g.demand) for g in gaps] == [
        ("java", "14", 9),
        ("sql", "14", 9),
        ("linux", "76", 2),  # supply elsewhere does not count
    ]
    assert len(skill_gaps(demand, {}, limit=2)) == 2


def test_month_arithmetic() -> None:
    assert shift_month("2025-01", -1) == "2024-12"
    assert shift_month("2024-12", 13) == "2026-01"


def test_trends_with_minimum_base() -> None:
    series = {"2024-02": 50, "2025-01": 40, "2025-02": 60, "2025-03": 5, "2025-04": 10}
    t = {x.month: x for x in trends(series, min_base=20)}
    assert t["2025-02"].mom == pytest.approx(0.5)
    assert t["2025-02"].yoy == pytest.approx(0.2)
    assert t["2025-04"].mom is None  # base 5 below the minimum
    assert t["2025-01"].yoy is None  # no data a year before
    assert trends({"2025-01": 3, "2025-02": 6}, min_base=0)[1].mom == pytest.approx(1.0)


def test_monthly_series_from_demand() -> None:
    d = demand_by_rome(OFFERS)
    assert monthly(d) == {"2025-01": 3, "2025-02": 4}
    assert monthly(d, key="M1805", territory="14") == {"2025-01": 2, "2025-02": 3}
