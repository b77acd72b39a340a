"""nDCG@k, Recall@k and the in-memory BM25 on tiny examples computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.matching.lexical import bm25_scores
from maillage_core.matching.metrics import dcg, mean, ndcg_at_k, recall_at_k


def test_dcg_by_hand() -> None:
    # gains 2^3-1=7, 2^0-1=0, 2^2-1=3 at ranks 1..3: 7/log2(2) + 0 + 3/log2(4) = 8.5
    assert dcg([3, 0, 2], 3) == pytest.approx(8.5)
    assert dcg([3, 0, 2], 1) == pytest.approx(7.0)


def test_ndcg_by_hand() -> None:
    judgments = {"a": 3, "b": 2, "c": 0}
    assert ndcg_at_k(["a", "b", "c"], judgments, 3) == pytest.approx(1.0)
    # ranking b, a: (3 + 7/log2 3) / (7 + 3/log2 3)
    expected = (3 + 7 / math.log2(3)) / (7 + 3 / math.log2(3))
    assert ndcg_at_k(["b", "a"], judgments, 10) == pytest.approx(expected)
    assert ndcg_at_k(["x", "y"], judgments, 10) == 0.0
    assert ndcg_at_k(["a"], {}, 10) == 0.0


def test_ndcg_ideal_uses_all_judgments_not_only_retrieved() -> None:
    # a perfect top-1 is not perfect at k=2 when another relevant item exists
    assert ndcg_at_k(["a"], {"a": 3, "b": 3}, 2) < 1.0


def test_recall_by_hand() -> None:
    judgments = {"a": 3, "b": 2, "c": 1, "d": 2}
    assert recall_at_k(["a", "c", "x", "b"], judgments, 3) == pytest.approx(1 / 3)
    assert recall_at_k(["a", "b", "d"], judgments, 3) == 1.0
    assert recall_at_k(["c"], judgments, 3, threshold=1) == pytest.approx(1 / 4)
    assert recall_at_k(["a"], {"a": 1}, 3) == 0.0  # nothing graded ≥ 2
    assert mean([]) == 0.0


@given(st.permutations(["a", "b", "c", "d", "e"]), st.integers(1, 5))
def test_ndcg_is_bounded_and_maximal_for_ideal(order: list[str], k: int) -> None:
    judgments = {"a": 3, "b": 2, "c": 2, "d": 1}
    score = ndcg_at_k(order, judgments, k)
    assert 0.0 <= score <= 1.0 + 1e-12
    assert ndcg_at_k(["a", "b", "c", "d", "e"], judgments, k) == pytest.approx(1.0)


def test_bm25_by_hand() -> None:
    docs = {"d1": ["cyber", "audit"], "d2": ["web", "site", "web"], "d3": ["cyber"]}
    scores = bm25_scores(["cyber"], docs, k1=1.2, b=0.75)
    assert set(scores) == {"d1", "d3"}
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    avgdl = 2.0
    d1 = idf * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 2 / avgdl))
    d3 = idf * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 1 / avgdl))
    assert scores["d1"] == pytest.approx(d1)
    assert scores["d3"] == pytest.approx(d3)
    assert scores["d3"] > scores["d1"]  # shorter document, same term frequency
    assert bm25_scores([], docs) == {} and bm25_scores(["x"], {}) == {}
