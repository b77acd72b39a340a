"""The labelled evaluation set (issue 3 "Quality") is well formed, and the engine beats plain
BM25 on it by the margin the issue asks for (nDCG@10 at least 20 % higher).

The figures the benchmark reports come from the real search index; this test guards the core
against regressions with the in-memory BM25 of `maillage_core.matching.lexical`.
"""

from __future__ import annotations

from collections import Counter

from maillage_core.catalogue import DOMAIN_BY_SLUG, LABEL_BY_SLUG
from maillage_core.matching import Lexicon, RankContext, analyse_need, rank
from maillage_core.matching.lexical import bm25_scores
from maillage_core.matching.metrics import mean, ndcg_at_k, recall_at_k
from maillage_core.text import analyse
from tests.core.matching.evalset import EvalSet

KINDS = {"company", "public_body", "school", "training_body", "lab", "association", "tiers_lieu"}
SIZE_BANDS = {
    "NN",
    "00",
    "01",
    "02",
    "03",
    "11",
    "12",
    "21",
    "22",
    "31",
    "32",
    "41",
    "42",
    "51",
    "52",
    "53",
}


def test_directory_is_well_formed(evaluation: EvalSet) -> None:
    rows = evaluation.rows
    assert len(rows) >= 300
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    names = Counter(r["name"] for r in rows)
    assert names.most_common(1)[0][1] == 1, "every organisation has its own name"
    for r in rows:
        assert r["kind"] in KINDS, r["id"]
        assert r["commune"] in evaluation.gazetteer.communes, r["id"]
        commune = evaluation.gazetteer.communes[r["commune"]]
        assert (r["lat"], r["lon"], r["commune_name"]) == (commune.lat, commune.lon, commune.name)
        assert r["domains"] and set(r["domains"]) <= set(DOMAIN_BY_SLUG), r["id"]
        assert set(r["labels"]) <= set(LABEL_BY_SLUG), r["id"]
        assert r["size_band"] in SIZE_BANDS, r["id"]
        assert len(r["description"]) >= 15, r["id"]
        assert r["hq_country"] and (r["hq_country"] != "FR" or r["hq_region"]), r["id"]
    normandy = [r for r in rows if evaluation.gazetteer.communes[r["commune"]].region == "28"]
    assert len(normandy) >= 270
    assert len({r["commune"] for r in normandy}) >= 50


def test_needs_are_well_formed_and_judged(evaluation: EvalSet) -> None:
    ids = {r["id"] for r in evaluation.rows}
    needs = evaluation.needs
    assert len(needs) >= 60
    assert len({n["id"] for n in needs}) == len(needs)
    assert len({n["text"] for n in needs}) == len(needs)
    for n in needs:
        judged = n["judgments"]
        assert set(judged) <= ids, n["id"]
        assert all(isinstance(g, int) and 0 <= g <= 3 for g in judged.values()), n["id"]
        assert sum(1 for g in judged.values() if g >= 1) >= 3, n["id"]
        assert max(judged.values()) == 3, n["id"]
        if "commune" in n:
            assert n["commune"] in evaluation.gazetteer.communes
    tags = Counter(t for n in needs for t in n["tags"])
    assert tags["emergency"] >= 8 and tags["no_accents"] >= 8 and tags["typos"] >= 2


def _evaluate(evaluation: EvalSet, lexicon: Lexicon) -> dict[str, float]:
    engine_ndcg, engine_recall, bm25_ndcg, bm25_recall = [], [], [], []
    for need in evaluation.needs:
        profile = analyse_need(need["text"], lexicon=lexicon, places=evaluation.gazetteer)
        scores = bm25_scores(analyse(need["text"]), evaluation.documents)
        baseline = [i for i, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
        ctx = RankContext(text_scores=scores)
        if profile.place is None and "commune" in need:
            c = evaluation.gazetteer.communes[need["commune"]]
            ctx = RankContext(text_scores=scores, lat=c.lat, lon=c.lon)
        engine = [r.id for r in rank(profile, evaluation.candidates, context=ctx)]
        judged = need["judgments"]
        engine_ndcg.append(ndcg_at_k(engine, judged, 10))
        engine_recall.append(recall_at_k(engine, judged, 3))
        bm25_ndcg.append(ndcg_at_k(baseline, judged, 10))
        bm25_recall.append(recall_at_k(baseline, judged, 3))
    return {
        "engine_ndcg10": mean(engine_ndcg),
        "engine_recall3": mean(engine_recall),
        "bm25_ndcg10": mean(bm25_ndcg),
        "bm25_recall3": mean(bm25_recall),
    }


def test_engine_beats_plain_bm25(evaluation: EvalSet, lexicon: Lexicon) -> None:
    m = _evaluate(evaluation, lexicon)
    print(m)  # shown with -s; the benchmark reports the same figures against the real index
    assert m["engine_ndcg10"] >= 1.2 * m["bm25_ndcg10"]
    assert m["engine_recall3"] > m["bm25_recall3"]
    assert m["engine_ndcg10"] >= 0.7


def test_every_emergency_is_read_as_one(evaluation: EvalSet, lexicon: Lexicon) -> None:
    for need in evaluation.needs:
        profile = analyse_need(need["text"], lexicon=lexicon, places=evaluation.gazetteer)
        assert (profile.urgency is not None) == ("emergency" in need["tags"]), need["id"]
