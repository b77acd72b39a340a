"""A small in-memory BM25 over candidate terms, for catalogues too small for the search index
(and as the plain-BM25 baseline in evaluations).

    BM25(q, D) = Σ_{t ∈ q} IDF(t) · f(t, D)·(k1 + 1) / (f(t, D) + k1·(1 − b + b·|D|/avgdl))
    IDF(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))

(Robertson & Zaragoza 2009, with the Lucene IDF that stays positive.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence


def bm25_scores(
    query: Sequence[str],
    documents: Mapping[str, Sequence[str]],
    *,
    k1: float = 1.2,
    b: float = 0.75,
) -> dict[str, float]:
    """BM25 score of every document with at least one query term (others are absent)."""
    if not documents or not query:
        return {}
    n_docs = len(documents)
    tf = {doc_id: Counter(terms) for doc_id, terms in documents.items()}
    lengths = {doc_id: len(terms) for doc_id, terms in documents.items()}
    avgdl = sum(lengths.values()) / n_docs or 1.0
    df: Counter[str] = Counter()
    for counts in tf.values():
        df.update(counts.keys())
    scores: dict[str, float] = {}
    for term in set(query):
        if df[term] == 0:
            continue
        idf = math.log(1.0 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
        for doc_id, counts in tf.items():
            freq = counts.get(term, 0)
            if freq:
                norm = freq + k1 * (1.0 - b + b * lengths[doc_id] / avgdl)
                scores[doc_id] = scores.get(doc_id, 0.0) + idf * freq * (k1 + 1.0) / norm
    return scores
