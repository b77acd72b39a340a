"""Ranking quality metrics over graded relevance judgments (grades 0–3).

    DCG@k  = Σ_{i=1..k} (2^{g_i} − 1) / log₂(i + 1)
    nDCG@k = DCG@k / IDCG@k     (IDCG: DCG of the ideal ordering of all judged grades)
    Recall@k = |relevant ∩ top k| / |relevant|,  relevant = grade ≥ threshold

(Järvelin & Kekäläinen 2002, exponential gain as in Burges et al. 2005.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(grades: Sequence[int], k: int) -> float:
    return sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at_k(ranking: Sequence[str], judgments: Mapping[str, int], k: int) -> float:
    """nDCG@k of `ranking` (ids best first); unjudged ids have grade 0; 0 if nothing relevant."""
    ideal = dcg(sorted(judgments.values(), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([judgments.get(i, 0) for i in ranking], k) / ideal


def recall_at_k(
    ranking: Sequence[str], judgments: Mapping[str, int], k: int, threshold: int = 2
) -> float:
    """Share of ids graded ≥ threshold found in the top k; 0 if none is relevant."""
    relevant = {i for i, g in judgments.items() if g >= threshold}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
