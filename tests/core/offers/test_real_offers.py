"""Integration: the classifier on the real labelled France Travail offers (../shared/data).

The truth is the `romeCode` each offer carries (see bench/bench_classify.py for the strict and
reconciled definitions). Figures measured when this test was written: classifier top-1 0.679
strict / 0.744 reconciled, top-3 0.833; baseline 0.542 / 0.601, top-3 0.702 (n = 168).
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
    assert ours.top1 >= base.top1 + 0.08  # type: ignore[attr-defined]  # ditto
    assert ours.top3 >= base.top3 + 0.08  # type: ignore[attr-defined]  # ditto
    assert ours.top1 >= 0.65  # type: ignore[attr-defined]  # measured floor, strict truth
    assert ours.top1_reconciled >= 0.70  # type: ignore[attr-defined]  # ditto, reconciled
    assert ours.top3 >= 0.83  # type: ignore[attr-defined]  # measured floor (access texts)


def test_held_out_data_offers(result: dict[str, object]) -> None:
    # rules are decided on the Ardèche offers; the 18 data/AI offers are held out
    ours, base = result["by_source"]["data_ia"]  # type: ignore[index]  # dict from evaluate()
    assert ours.n == 18
    assert ours.top1 >= 0.5 > base.top1


@pytest.mark.xfail(strict=True, reason="target top-1 >= 0.75 not reached yet (0.679 strict)")
def test_target_top1(result: dict[str, object]) -> None:
    assert result["classifier"].top1 >= 0.75  # type: ignore[attr-defined]  # Scores


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
