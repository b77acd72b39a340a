"""Baseline for the offer classifier: the title alone, matched to the nearest ROME appellation.

TF-IDF cosine (``idf = ln(1 + N / df)`` over appellations, raw analysed tokens of
`maillage_core.text.analyse`, no gender folding, bigrams, synonyms or description); the
fiche of the best appellation is the answer, then the next distinct fiches. Ties: code.
"""

from __future__ import annotations

import math

from maillage_core.offers.taxonomy import Taxonomy
from maillage_core.text import analyse


class TitleBaseline:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self._names: list[tuple[str, dict[str, float], float]] = []
        raw: list[tuple[str, set[str]]] = []
        for f in taxonomy.fiches:
            for label in (f.label, *f.appellations):
                toks = set(analyse(label))
                if toks:
                    raw.append((f.code, toks))
        df: dict[str, int] = {}
        for _, toks in raw:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        self._idf = {t: math.log(1 + len(raw) / d) for t, d in df.items()}
        self._postings: dict[str, list[int]] = {}
        for i, (code, toks) in enumerate(raw):
            vec = {t: self._idf[t] for t in toks}
            self._names.append((code, vec, math.sqrt(sum(w * w for w in vec.values()))))
            for t in toks:
                self._postings.setdefault(t, []).append(i)

    def classify(self, title: str, *, top: int = 3) -> tuple[str, ...]:
        toks = set(analyse(title))
        norm = math.sqrt(sum(self._idf.get(t, 0.0) ** 2 for t in toks)) or 1.0
        dots: dict[int, float] = {}
        for t in toks:
            w = self._idf.get(t, 0.0)
            for i in self._postings.get(t, ()):
                dots[i] = dots.get(i, 0.0) + w * w
        best: dict[str, float] = {}
        for i, dot in dots.items():
            code, _, n = self._names[i]
            best[code] = max(best.get(code, 0.0), dot / (norm * n))
        ranked = sorted(best.items(), key=lambda cs: (-cs[1], cs[0]))
        return tuple(code for code, _ in ranked[:top])
