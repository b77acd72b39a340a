"""Certification levels from every source's wording (`maillage.training.levels`)."""

from __future__ import annotations

import pytest

from maillage.training import levels


@pytest.mark.parametrize(
    ("words", "level"),
    [
        ("Ingénieur", "7"),
        ("Mastère Spécialisé", "7"),
        ("RNCP 7 (ex 1)", "7"),
        ("RNCP I", "7"),
        ("Licence", "6"),
        ("Licence  pro", "6"),
        ("BTS", "5"),
        ("bac+2", "5"),
        ("Bac + 8", "8"),
        ("Analyse de risques", ""),
        ("Fondamentaux de la sécurité (sensibilisation…)", ""),
        ("", ""),
    ],
)
def test_from_diploma(words: str, level: str) -> None:
    assert levels.from_diploma(words) == level


def test_old_nomenclature_is_reversed() -> None:
    assert [levels.from_old_nomenclature(c) for c in ("1", "2", "3", "4", "5", "0", "")] == [
        "7", "6", "5", "4", "3", "", "",
    ]  # fmt: skip
    assert levels.from_old_nomenclature("IV") == "4"


def test_digits_and_labels() -> None:
    assert [levels.from_digit(c) for c in ("7", "NIV6", "Niveau 5", "9", "2", "x")] == [
        "7", "6", "5", "", "", "",
    ]  # fmt: skip
    assert levels.label("6") == "Niveau 6 (bac+3, bac+4)"
    assert levels.label("") == ""
