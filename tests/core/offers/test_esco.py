"""ESCO skills spotted in offers (`maillage_core.offers.esco`) on hand-written skills."""

from __future__ import annotations

from maillage_core.offers import Fiche, Offer, OfferClassifier, Taxonomy
from maillage_core.offers.analysis import features
from maillage_core.offers.esco import EscoEntry, EscoSpotter

ENTRIES = (
    EscoEntry("esco:team", "gérer une équipe", ("encadrer une équipe",)),
    EscoEntry("esco:python", "Python", ("Python3",), knowledge=True),
    EscoEntry("esco:machines", "machines", knowledge=True),  # a common noun: never alone
    EscoEntry("esco:r", "R", knowledge=True),  # one letter: never
    EscoEntry("esco:objc", "Objective-C", ("Object-C",), knowledge=True),  # "c" drops: not one word
    EscoEntry("esco:chef", "Chef", knowledge=True),  # a DevOps tool, and a job-title word
    EscoEntry(
        "esco:long",
        "utiliser des techniques de programmation informatique en langage de très haut niveau",
    ),
)
SPOTTER = EscoSpotter(ENTRIES)


def spot(text: str) -> list[str]:
    return [e.uri for e, _ in SPOTTER.spot(frozenset(features(text)))]


def test_phrases_are_found_through_inflection() -> None:
    assert spot("Vous encadrerez une équipe de techniciens.") == ["esco:team"]
    assert spot("Vous encadrerez une petite équipe.") == []  # not the phrase any more
    assert spot("Vous gérerez l'équipe.") == ["esco:team"]  # "l'" is a stop word
    assert spot("Une équipe à gérer") == []  # the words, not the phrase


def test_one_word_labels_only_for_names() -> None:
    assert spot("Développement en Python 3 et Django") == ["esco:python"]
    assert spot("Conduite de machines, réglage") == []
    assert spot("Le R&D de notre groupe") == []
    assert spot("Fixer les objectifs, c'est notre métier") == []


def test_long_labels_are_not_phrases() -> None:
    text = "utiliser des techniques de programmation informatique en langage de très haut niveau"
    assert spot(text) == []


def test_classifier_reports_esco_mentions_and_drops_job_title_words() -> None:
    taxonomy = Taxonomy(
        fiches=(
            Fiche("M1805", "Développeur / Développeuse informatique", ("Développeur Python",)),
            Fiche("G1602", "Chef / Cheffe de cuisine", ("Chef de cuisine",)),
        ),
        skills={},
    )
    classifier = OfferClassifier(taxonomy, esco=SPOTTER)
    dev = classifier.classify(Offer("1", "Développeur Python", "Vous encadrerez une équipe."))
    assert [(s.code, s.kind) for s in dev.skills] == [
        ("esco:team", "esco"),
        ("esco:python", "esco"),
    ]
    assert dev.skills[1].matched == ("python",)
    cook = classifier.classify(Offer("2", "Chef de cuisine", "Chef, vous gérerez la brigade."))
    assert "esco:chef" not in [s.code for s in cook.skills]  # "chef" names a job here
    assert "skills:" in dev.explain() and "Python" in dev.explain()
    without = OfferClassifier(taxonomy).classify(Offer("3", "Développeur Python", "équipe"))
    assert without.skills == ()
