"""Size, budget, time frame and sector extraction, each with the words that said so."""

from __future__ import annotations

import pytest

from maillage_core.matching.extract import find_budget, find_sector, find_size, find_time_frame


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("budget 15 k€", 15_000, 15_000),
        ("environ 20 000 euros", 20_000, 20_000),
        ("20.000 €", 20_000, 20_000),
        ("entre 8 et 12 k€", 8_000, 12_000),
        ("de 3 000 à 5 000 euros", 3_000, 5_000),
        ("1,5 M€ sur trois ans", 1_500_000, 1_500_000),
        ("un budget de 2500€", 2_500, 2_500),
    ],
)
def test_budgets(text: str, low: int, high: int) -> None:
    budget = find_budget(text)
    assert budget is not None and (budget.low, budget.high) == (low, high)
    assert budget.evidence in text


def test_no_budget() -> None:
    assert find_budget("PME de 45 salariés, pas de budget défini") is None


@pytest.mark.parametrize(
    ("text", "kind", "month", "days"),
    [
        ("d'ici juin", "month", 6, None),
        ("avant septembre si possible", "month", 9, None),
        ("pour la rentrée", "month", 9, None),
        ("sous 3 mois", "within", None, 90),
        ("dans deux semaines", "within", None, 14),
        ("avant la fin de l'année", "year_end", 12, None),
        ("au plus vite svp", "asap", None, None),
        ("des que possible", "asap", None, None),
    ],
)
def test_time_frames(text: str, kind: str, month: int | None, days: int | None) -> None:
    tf = find_time_frame(text)
    assert tf is not None and (tf.kind, tf.month, tf.days) == (kind, month, days)


@pytest.mark.parametrize(
    ("text", "size_class", "headcount"),
    [
        ("PME de 50 salariés", "pme", 50),
        ("nous sommes une TPE", "tpe", None),
        ("on est 8 salaries", "tpe", 8),
        ("entreprise de 1 200 salariés", "eti", 1200),
        ("mairie de 3000 habitants", "collectivite", None),
        ("auto-entrepreneur", "independant", None),
        ("association sportive", "association", None),
    ],
)
def test_sizes(text: str, size_class: str, headcount: int | None) -> None:
    size = find_size(text)
    assert size is not None and (size.size_class, size.headcount) == (size_class, headcount)


@pytest.mark.parametrize(
    ("text", "sector", "evidence"),
    [
        ("EHPAD de 80 lits", "sante", "EHPAD"),
        ("Mairie de Vire", "collectivite", "Mairie"),
        ("usine de plasturgie", "industrie", "usine"),
        ("hôtel à Deauville", "tourisme", "hôtel"),
        ("maraicher bio, ferme familiale", "agriculture", "maraicher"),
        ("cabinet comptable", "services", "cabinet comptable"),
    ],
)
def test_sectors(text: str, sector: str, evidence: str) -> None:
    found = find_sector(text)
    assert found is not None and (found.key, found.evidence) == (sector, evidence)
