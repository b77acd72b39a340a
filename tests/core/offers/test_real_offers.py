"""Integration: the classifier on the real labelled France Travail offers (../shared/data).

The truth is the `romeCode` each offer carries, expressed in ROME v60 where v60 moved the
offer's appellation to another fiche (see bench/bench_classify.py for the v60, strict and
reconciled definitions). Figures measured when this test was written (n = 168): classifier
top-1 0.756 v60 / 0.696 strict / 0.768 reconciled, top-3 0.821 v60 / 0.833 strict; title
baseline top-1 0.595 v60 / 0.542 strict, top-3 0.720 / 0.702.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_classify import evaluate
from maillage_core.offers import Offer

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def result(shared_data: Path) -> dict[str, object]:
    return evaluate(shared_data)


def test_classifier_beats_the_title_baseline(result: dict[str, object]) -> None:
    ours, base = result["classifier"], result["baseline"]
    assert ours.n == base.n == 168  # type: ignore[attr-defined]  # Scores from evaluate()
    assert ours.top1_v60 >= base.top1_v60 + 0.12  # type: ignore[attr-defined]  # ditto
    assert ours.top1 >= base.top1 + 0.12  # type: ignore[attr-defined]  # ditto
    assert ours.top3 >= base.top3 + 0.08  # type: ignore[attr-defined]  # ditto
    assert ours.top1 >= 0.69  # type: ignore[attr-defined]  # measured floor, strict truth
    assert ours.top1_reconciled >= 0.76  # type: ignore[attr-defined]  # ditto, reconciled
    assert ours.top3 >= 0.83  # type: ignore[attr-defined]  # measured floor (access texts)


def test_held_out_data_offers(result: dict[str, object]) -> None:
    # rules are decided on the Ardèche offers; the 18 data/AI offers are held out
    ours, base = result["by_source"]["data_ia"]  # type: ignore[index]  # dict from evaluate()
    assert ours.n == 18
    assert ours.top1 >= 0.5 > base.top1


def test_target_top1(result: dict[str, object]) -> None:
    # issue 5: top-1 >= 0.75 against the carried codes expressed in the taxonomy we predict in
    assert result["classifier"].top1_v60 >= 0.75  # type: ignore[attr-defined]  # Scores


def test_v60_truth_differs_only_where_the_appellation_moved(result: dict[str, object]) -> None:
    labelled = result["labelled"]
    moved = [t for t in labelled if t.current != t.rome]  # type: ignore[attr-defined]  # Labelled
    assert len(moved) == 16
    # each appellation moved to a newer fiche of the same professional domain (K12, M12…)
    taxonomy = result["classifier_obj"].taxonomy  # type: ignore[attr-defined]  # OfferClassifier
    for t in moved:
        new = taxonomy.fiche(t.current)
        assert new.code[:3] == t.rome[:3] and new.parent != new.code, (t.rome, t.current)


def test_esco_skills_are_spotted_in_real_offers(result: dict[str, object]) -> None:
    classifier, labelled = result["classifier_obj"], result["labelled"]
    found = [
        [s for s in classifier.classify(t.offer).skills if s.kind == "esco"]  # type: ignore[attr-defined]
        for t in labelled  # type: ignore[attr-defined]  # list of Labelled
    ]
    assert sum(1 for f in found if f) >= 0.45 * len(found)  # measured: 0.54
    labels = {s.label for f in found for s in f}
    assert {"Python", "SQL", "travailler en équipe"} <= labels


def test_digital_offer_has_skills_and_explanation(result: dict[str, object]) -> None:
    classifier = result["classifier_obj"]
    out = classifier.classify(  # type: ignore[attr-defined]  # OfferClassifier
        Offer(
            "t",
            "Développeur Python / Django (H/F)",
            "Vous développerez des applications web en Python avec le framework Django, "
            "concevrez des bases de données SQL et rédigerez des tests unitaires.",
        )
    )
    assert out.codes[0].startswith("M18")
    assert out.skills, out.explain()
