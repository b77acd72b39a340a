"""The occupation prior from observed hiring volumes (`maillage_core.offers.prior`)."""

from __future__ import annotations

import pytest

from maillage_core.offers import Fiche, Offer, OfferClassifier, Taxonomy
from maillage_core.offers.prior import hiring_volumes, volume_scores


def test_hiring_volumes_sum_rows_by_code() -> None:
    rows = [("K2204", 300), ("K2204", 700), ("I1203", 50), ("A1101", 0), ("M1805", -3)]
    assert hiring_volumes(rows) == {"K2204": 1000, "I1203": 50}


def test_volume_scores_are_log_scaled_and_children_take_their_parent_volume() -> None:
    codes = ["K2204", "K2205", "I1203", "M1805"]
    parents = ["K2204", "K2204", "I1203", "M1805"]
    scores = volume_scores(codes, parents, {"K2204": 999, "I1203": 9})
    assert scores[0] == pytest.approx(1.0)
    assert scores[1] == scores[0]  # split from K2204, no figure of its own
    assert scores[2] == pytest.approx(1 / 3)  # ln(10) / ln(1000)
    assert scores[3] == 0.0  # no hirings known
    assert volume_scores(codes, parents, {}) == [0.0] * 4


TAXONOMY = Taxonomy(
    fiches=(
        Fiche(
            "I1203",
            "Agent / Agente d'entretien du bâtiment",
            appellations=("Agent / Agente d'entretien du bâtiment",),
            definition="Entretient les bâtiments.",
            parent="I1203",
        ),
        Fiche(
            "K2204",
            "Agent / Agente de nettoyage industriel",
            appellations=("Agent / Agente d'entretien de nettoyage industriel",),
            definition="Nettoie les locaux industriels.",
            parent="K2204",
        ),
    ),
    skills={},
)
GENERIC = Offer("1", "Agent d'entretien (H/F)", "CDI à temps plein.")


def test_between_two_equal_readings_the_more_hired_occupation_wins() -> None:
    alone = OfferClassifier(TAXONOMY).classify(GENERIC).codes
    assert alone[0] == "I1203"  # without volumes: the shorter name matches the title best
    cleaning = OfferClassifier(TAXONOMY, {"K2204": 400_000, "I1203": 2_000}).classify(GENERIC)
    assert cleaning.codes[0] == "K2204"
    building = OfferClassifier(TAXONOMY, {"K2204": 2_000, "I1203": 400_000}).classify(GENERIC)
    assert building.codes[0] == "I1203"


def test_a_clear_title_is_not_overruled_by_volumes() -> None:
    clear = Offer("2", "Agent d'entretien du bâtiment", "Petits travaux de maintenance.")
    result = OfferClassifier(TAXONOMY, {"K2204": 400_000, "I1203": 20}).classify(clear)
    assert result.codes[0] == "I1203"
