"""Offer classification on a small hand-written taxonomy and tricky hand-written offers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from maillage_core.offers import Fiche, Offer, OfferClassifier, Skill, Taxonomy
from maillage_core.offers.analysis import features, fold_gender
from maillage_core.offers.baseline import TitleBaseline


def load_taxonomy(fixtures: Path) -> Taxonomy:
    raw = json.loads((fixtures / "offers" / "taxonomy.json").read_text(encoding="utf-8"))
    skills = {s["code"]: Skill(s["code"], s["label"], s["kind"]) for s in raw["skills"]}
    fiches = tuple(
        Fiche(
            code=f["code"],
            label=f["label"],
            appellations=tuple(f["appellations"]),
            skills=tuple(f["skills"]),
            definition=f["definition"],
            parent=f["parent"],
        )
        for f in raw["fiches"]
    )
    return Taxonomy(fiches=fiches, skills=skills)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(Path(__file__).resolve().parents[2] / "fixtures")


@pytest.fixture(scope="module")
def classifier(taxonomy: Taxonomy) -> OfferClassifier:
    return OfferClassifier(taxonomy)


def tricky() -> list[dict[str, Any]]:
    path = Path(__file__).resolve().parents[2] / "fixtures" / "offers" / "tricky_offers.json"
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("case", tricky(), ids=lambda c: str(c["id"]))
def test_tricky_offer(classifier: OfferClassifier, case: dict[str, Any]) -> None:
    result = classifier.classify(Offer.from_json(case))
    assert result.codes[0] == case["expect"], f"{case['why']}:\n{result.explain()}"


def test_description_changes_the_answer_for_the_same_title(classifier: OfferClassifier) -> None:
    offices = classifier.classify(Offer("a", "Agent de nettoyage", "Entretien des bureaux"))
    plant = classifier.classify(Offer("b", "Agent de nettoyage", "Nettoyer les machines"))
    assert offices.codes[0] != plant.codes[0]


def test_baseline_misses_what_the_classifier_gets(
    taxonomy: Taxonomy, classifier: OfferClassifier
) -> None:
    baseline = TitleBaseline(taxonomy)
    cases = tricky()
    ours = sum(classifier.classify(Offer.from_json(c)).codes[0] == c["expect"] for c in cases)
    base = sum(baseline.classify(c["intitule"])[:1] == (c["expect"],) for c in cases)
    assert ours == len(cases)
    assert base < ours


def test_result_is_explained(classifier: OfferClassifier) -> None:
    result = classifier.classify(
        Offer(
            "x",
            "Administratrice réseaux (H/F)",
            "Vous devez administrer un réseau informatique et les systèmes d'exploitation Linux.",
        )
    )
    best = result.candidates[0]
    assert best.code == "M1801"
    assert best.matched_name == "Administrateur / Administratrice réseaux"
    assert set(best.title_terms) == {"administr", "reseau"}
    assert "linu" in best.description_terms  # "linux" through the plural step
    assert [s.code for s in result.skills] == ["S3", "S4"]
    assert 0 < best.confidence <= 1
    assert sum(c.confidence for c in result.candidates) <= 1.0 + 1e-9
    assert "M1801" in result.explain() and "Administrer un réseau" in result.explain()


def test_confidence_is_ranked_and_deterministic(classifier: OfferClassifier) -> None:
    offer = Offer("x", "Technicien informatique", "support, réseau, développement")
    first, second = classifier.classify(offer), classifier.classify(offer)
    assert first == second
    scores = [c.score for c in first.candidates]
    assert scores == sorted(scores, reverse=True)


def test_empty_or_unknown_offer_has_no_candidates(classifier: OfferClassifier) -> None:
    assert classifier.classify(Offer("x", "", "")).candidates == ()
    assert classifier.classify(Offer("y", "Zyxwv qwrtp", "")).codes == ()


def test_offer_from_france_travail_json() -> None:
    offer = Offer.from_json(
        {"id": 123, "intitule": "Dev", "description": None, "romeCode": "M1805"}
    )
    assert offer == Offer("123", "Dev", "")


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("vendeuse", "vendeur"),
        ("animatrice", "animateur"),
        ("conseillere", "conseiller"),
        ("technicienne", "technicien"),
        ("administrative", "administratif"),
        ("cheffe", "chef"),
        ("agente", "agent"),
        ("employee", "employe"),
        ("chef", "chef"),
    ],
)
def test_gender_folding(word: str, folded: str) -> None:
    assert fold_gender(word) == folded


def test_title_features_drop_noise_and_keep_phrases() -> None:
    feats = features("Vendeur / Vendeuse en prêt-à-porter (H/F) CDI", title=True)
    assert "vendeur_pretaport" in feats
    assert not {"h", "f", "cdi"} & set(feats)
