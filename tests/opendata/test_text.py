"""Pure helpers: folding, NAF code forms, size-band midpoints, ESCO alternative labels."""

from __future__ import annotations

import pytest

from maillage.opendata.loaders.esco import alt_labels
from maillage.opendata.loaders.sirene import midpoint
from maillage.opendata.text import fold, naf_code_normalise


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Saint-Lô", "saint lo"),
        ("L'Aigle", "l aigle"),
        ("  ÉVREUX ", "evreux"),
        ("Cœur de métier", "coeur de metier"),
        ("Développeur / Développeuse", "developpeur developpeuse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("code", "dotted"),
    [
        ("6201Z", "62.01Z"),
        ("62.01Z", "62.01Z"),
        ("62.01z", "62.01Z"),
        (" 62 01 Z", "62.01Z"),
        ("5829A", "58.29A"),
        ("6201", "62.01"),
        ("621", "62.1"),
        ("62", "62"),
        ("j", "J"),
    ],
)
def test_naf_code_normalise(code: str, dotted: str) -> None:
    assert naf_code_normalise(code) == dotted


@pytest.mark.parametrize("code", ["", "6", "62Z", "620Z", "62011Z", "AB", "62.01ZZ"])
def test_naf_code_normalise_refuses(code: str) -> None:
    with pytest.raises(ValueError, match="not a NAF"):
        naf_code_normalise(code)


def test_midpoint() -> None:
    assert midpoint(10, 19) == 14.5
    assert midpoint(0, 0) == 0.0
    assert midpoint(10000, None) == 10000.0
    assert midpoint(None, None) is None


def test_alt_labels_one_per_line_deduplicated_without_preferred() -> None:
    text = "programmeur\n programmeur \n\ndéveloppeuse\ndéveloppeur"
    assert alt_labels(text, "développeur") == "programmeur\ndéveloppeuse"
