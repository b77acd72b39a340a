"""The engine on the labelled evaluation set, through the database and the real search index:
nDCG@10 at least 1.2 × plain BM25 on the same index (issue 3, "Quality")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maillage.matching import adapters, retrieval
from maillage.matching.engine import match
from maillage.search import lexicon as search_lexicon
from maillage_core.matching.metrics import mean, ndcg_at_k, recall_at_k
from maillage_core.text import analyse
from tests.matching import evalset_db

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(settings: Any, tmp_path: Path) -> dict[str, int]:
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    search_lexicon.reset_lexicon()
    adapters.caches_reset()
    return evalset_db.load_and_index()


def evaluate(ids: dict[str, int]) -> dict[str, float]:
    back = {v: k for k, v in ids.items()}
    figures: dict[str, list[float]] = {k: [] for k in ("e_ndcg", "e_r3", "b_ndcg", "b_r3")}
    for need in evalset_db.needs():
        judged = need["judgments"]
        ranked = match(need["text"], commune=need.get("commune"), limit=10)
        engine = [back[int(r.id)] for r in ranked]
        groups = retrieval.query_groups(analyse(need["text"]), synonyms=False)
        scores = retrieval.retrieve(groups, domain_pool=0, text_pool=10)
        bm25 = [back[i] for i, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
        figures["e_ndcg"].append(ndcg_at_k(engine, judged, 10))
        figures["e_r3"].append(recall_at_k(engine, judged, 3))
        figures["b_ndcg"].append(ndcg_at_k(bm25, judged, 10))
        figures["b_r3"].append(recall_at_k(bm25, judged, 3))
    return {k: mean(v) for k, v in figures.items()}


def test_engine_beats_plain_bm25_on_the_index(evaluation: dict[str, int]) -> None:
    m = evaluate(evaluation)
    print(m)
    assert m["e_ndcg"] >= 1.2 * m["b_ndcg"]
    assert m["e_r3"] > m["b_r3"]
