"""Job offer → ranked ROME 4.0 codes with confidence, mentioned skills and an explanation.

Model (deterministic, built once from a `Taxonomy` passed in by the caller):

1. **Title ≈ appellation.** The offer title (`intitule`, noise such as "H/F" or "CDI" removed) and
   every appellation / fiche label become sets of gender-folded stems plus their bigrams
   (`analysis.features`). Each feature weighs ``idf(t) = ln(1 + N / df(t))`` over the N names;
   ``title(f) = max over names n of f of [cos(title, n) + h · (same first word)]`` (h = 0.1, the
   head noun of a French job title comes first), where title features unknown to every name
   (towns, employers) are left out of the title norm. Names are gathered from the postings of
   the title's selective features (df ≤ 150), then scored exactly.
2. **Description ≈ fiche.** Each fiche is a bag of its labels, appellations, skill labels,
   definition and access text (diplomas, licences: `acces_metier`), weighted by BM25:
   ``w(t, f) = idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |f| / avg|f|))`` with
   ``idf(t) = ln(1 + (F − df + 0.5) / (df + 0.5))``, k1 = 1.2, b = 0.75.
   ``desc(f) = Σ_{t ∈ offer} w(t, f)`` over the first 1,200 characters of the description (the
   job comes first; the tail is mostly employer boilerplate), divided by the best candidate's.
3. **Score** ``own(f) = title(f) + β · desc(f) + p(f) + δ · v(f)`` (β = 0.6; p = 0.05 for the
   532 generic fiches whose `parent` is themselves, the fiches most offers are coded in;
   δ = 0.5 and ``v(f) = ln(1 + hirings(parent(f))) / ln(1 + max hirings)`` when observed hiring
   volumes per ROME v3 fiche are given, e.g. La Bonne Boîte's DPAE counts: between two
   equally good readings, the occupation employers hire most), over the
   candidates: the 15 best titles, the 5 best fiches on the offer's rare stems (doc frequency
   ≤ 20). **Family back-off**: a parent fiche scores at least 0.95 × its best candidate child
   (and becomes a candidate). Ties: code. Confidence is a softmax of the scores (temperature 0.1).
4. **Skills**: a skill of the top-3 fiches is mentioned when ≥ 70 % of its label's stems (and
   at least two, or its single rare stem) occur in the offer; then the ESCO skills whose label
   occurs as a phrase in the offer (`esco.EscoSpotter`), when ESCO is given.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from maillage_core.offers.analysis import features
from maillage_core.offers.esco import EscoSpotter
from maillage_core.offers.prior import volume_scores
from maillage_core.offers.taxonomy import Fiche, Taxonomy

K1 = 1.2
B = 0.75
BETA = 0.6
TITLE_CANDIDATES = 15
RARE_CANDIDATES = 5
RARE_DF = 20
COMMON_DF = 150
GENERIC_PRIOR = 0.05
HEAD_BONUS = 0.1
FAMILY = 0.95
DESC_BIGRAMS = True
DESC_CHARS = 1200
SKILL_FICHES = 3
TEMPERATURE = 0.1
DOC_ACCESS = 1  # times the access text enters the fiche bag
DOC_CONTEXTS = 0  # work contexts: measured slightly worse on the Ardèche offers, left out
SKILL_COVERAGE = 0.7
VOLUME_WEIGHT = 0.5  # δ: chosen by 5-fold cross-validation on the Ardèche offers (ADR 0121)


@dataclass(frozen=True)
class Offer:
    id: str
    intitule: str
    description: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Offer:
        """From a France Travail API offer (or any mapping with id/intitule/description)."""
        return cls(
            id=str(data.get("id", "")),
            intitule=str(data.get("intitule") or ""),
            description=str(data.get("description") or ""),
        )


@dataclass(frozen=True)
class SkillMention:
    code: str
    label: str
    kind: str
    matched: tuple[str, ...]  # the stems found in the offer


@dataclass(frozen=True)
class Candidate:
    code: str
    label: str
    score: float
    confidence: float
    title_score: float
    description_score: float
    matched_name: str  # the appellation (or fiche label) the title matched best
    title_terms: tuple[str, ...]  # stems shared by the title and that name
    description_terms: tuple[str, ...]  # heaviest stems shared by the description and the fiche


@dataclass(frozen=True)
class Classification:
    offer_id: str
    candidates: tuple[Candidate, ...]  # best first
    skills: tuple[SkillMention, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.candidates)

    def explain(self) -> str:
        """A short human-readable account of the top candidates."""
        lines = []
        for c in self.candidates[:3]:
            lines.append(
                f"{c.code} {c.label} ({c.confidence:.0%}): title ~ «{c.matched_name}» "
                f"[{', '.join(c.title_terms)}]; description [{', '.join(c.description_terms)}]"
            )
        if self.skills:
            lines.append("skills: " + "; ".join(s.label for s in self.skills))
        return "\n".join(lines)


class OfferClassifier:
    """Built once from a taxonomy; `classify` is pure and thread-safe (read-only state).

    ``hirings``: optional observed hiring volumes by ROME fiche code (v3 codes, i.e. the generic
    fiches; a ROME 4.0 fiche split from one takes its parent's volume), see `hiring_volumes`.
    ``esco``: optional ESCO skills to report when the offer mentions them (`EscoSpotter`).
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        hirings: Mapping[str, int] | None = None,
        esco: EscoSpotter | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.esco = esco
        self._fiches: tuple[Fiche, ...] = taxonomy.fiches
        index = {f.code: k for k, f in enumerate(self._fiches)}
        self._codes = [f.code for f in self._fiches]
        self._parent = [index.get(f.parent, k) for k, f in enumerate(self._fiches)]
        volume = volume_scores(self._codes, [self._codes[p] for p in self._parent], hirings or {})
        self._prior = [
            (GENERIC_PRIOR if f.parent in ("", f.code) else 0.0) + VOLUME_WEIGHT * v
            for f, v in zip(self._fiches, volume, strict=True)
        ]
        self._build_names()
        self._build_documents()
        self._build_skills()

    # --- index ---------------------------------------------------------------------------

    def _build_names(self) -> None:
        names: list[tuple[int, str, frozenset[str]]] = []
        heads: list[str] = []
        for k, f in enumerate(self._fiches):
            for label in dict.fromkeys((f.label, *f.appellations, *f.alt_labels)):
                ordered = features(label)
                if ordered:
                    names.append((k, label, frozenset(ordered)))
                    heads.append(ordered[0])
        self._heads = heads
        self._head_words = frozenset(heads)
        df: dict[str, int] = {}
        for _, _, feats in names:
            for t in feats:
                df[t] = df.get(t, 0) + 1
        n = len(names)
        self._name_idf = {t: math.log(1.0 + n / d) for t, d in df.items()}
        self._name_idf2 = {t: w * w for t, w in self._name_idf.items()}
        self._names = names
        self._name_fiche = [k for k, _, _ in names]
        self._name_feats = [feats for _, _, feats in names]
        self._name_norm = [
            math.sqrt(sum(self._name_idf[t] ** 2 for t in feats)) for _, _, feats in names
        ]
        postings: dict[str, list[int]] = {}
        for i, (_, _, feats) in enumerate(names):
            for t in feats:
                postings.setdefault(t, []).append(i)
        self._name_postings = postings

    def _build_documents(self) -> None:
        docs: list[dict[str, int]] = []
        for f in self._fiches:
            tf: dict[str, int] = {}
            texts = [f.label, f.label, *f.appellations, *f.alt_labels, f.definition]
            texts += [f.access] * DOC_ACCESS + list(f.contexts) * DOC_CONTEXTS
            texts += [self.taxonomy.skills[s].label for s in f.skills if s in self.taxonomy.skills]
            for text in texts:
                for t in features(text):
                    tf[t] = tf.get(t, 0) + 1
            docs.append(tf)
        n = len(docs)
        df: dict[str, int] = {}
        for tf in docs:
            for t in tf:
                df[t] = df.get(t, 0) + 1
        avg = sum(sum(tf.values()) for tf in docs) / max(n, 1)
        weights: list[dict[str, float]] = []
        for tf in docs:
            length = sum(tf.values())
            norm = K1 * (1 - B + B * length / avg) if avg else K1
            weights.append(
                {
                    t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) * c * (K1 + 1) / (c + norm)
                    for t, c in tf.items()
                }
            )
        self._doc_weights = weights
        self._doc_keys = [frozenset(w) for w in weights]
        self._doc_vocab = frozenset(df)
        rare: dict[str, list[tuple[int, float]]] = {}
        for k, tf in enumerate(docs):
            for t in tf:
                if df[t] <= RARE_DF and "_" not in t:
                    rare.setdefault(t, []).append((k, weights[k][t]))
        self._rare_postings = {t: tuple(p) for t, p in rare.items()}
        self._rare_vocab = frozenset(rare)

    def _build_skills(self) -> None:
        self._skill_feats: dict[str, frozenset[str]] = {}
        linked = {code for f in self._fiches for code in f.skills}
        for code in sorted(linked & self.taxonomy.skills.keys()):
            label = self.taxonomy.skills[code].label
            self._skill_feats[code] = frozenset(t for t in features(label) if "_" not in t)
        # hits a skill needs to count as mentioned: ≥ SKILL_COVERAGE of its stems and at least
        # two, or its single stem when that stem is rare among the names (idf > 4)
        self._skill_need: dict[str, float] = {}
        for code, feats in self._skill_feats.items():
            n = len(feats)
            if n == 1:
                rare = self._name_idf.get(next(iter(feats)), 9.0) > 4.0
                self._skill_need[code] = 1 if rare else math.inf
            else:
                self._skill_need[code] = max(
                    2, next(h for h in range(n + 1) if h >= SKILL_COVERAGE * n)
                )
        self._fiche_index = {f.code: k for k, f in enumerate(self._fiches)}
        self._skill_postings: list[dict[str, tuple[str, ...]]] = []
        for f in self._fiches:
            post: dict[str, list[str]] = {}
            for code in f.skills:
                for t in self._skill_feats.get(code, ()):
                    post.setdefault(t, []).append(code)
            self._skill_postings.append({t: tuple(c) for t, c in post.items()})
        self._skill_vocab = [frozenset(p) for p in self._skill_postings]

    # --- scoring -------------------------------------------------------------------------

    def _title_scores(self, title: set[str], head: str) -> dict[int, tuple[float, int]]:
        """fiche index → (best cosine, best name index).

        Names are gathered from the postings of the title's selective features (df ≤
        COMMON_DF; the rarest feature when none is), then scored exactly on all features.
        """
        known = [t for t in title if t in self._name_idf]
        if not known:
            return {}
        norm = math.sqrt(sum(self._name_idf[t] ** 2 for t in known))
        selective = [t for t in known if len(self._name_postings[t]) <= COMMON_DF]
        if not selective:
            selective = [min(known, key=lambda t: (len(self._name_postings[t]), t))]
        gathered: set[int] = set()
        for t in selective:
            gathered.update(self._name_postings[t])
        title_set = frozenset(known)
        idf2 = self._name_idf2.__getitem__
        fiche_of, feats_of, norms, heads = (
            self._name_fiche,
            self._name_feats,
            self._name_norm,
            self._heads,
        )
        best: dict[int, tuple[float, int]] = {}
        for i in gathered:
            cos = sum(map(idf2, feats_of[i] & title_set)) / (norm * norms[i])
            if head == heads[i]:
                cos += HEAD_BONUS
            k = fiche_of[i]
            old = best.get(k)
            if old is None or cos > old[0] or (cos == old[0] and i < old[1]):
                best[k] = (cos, i)
        return best

    def _rare_candidates(self, text: frozenset[str]) -> list[int]:
        scores: dict[int, float] = {}
        for t in text & self._rare_vocab:
            for k, w in self._rare_postings[t]:
                scores[k] = scores.get(k, 0.0) + w
        return [k for _, k in heapq.nlargest(RARE_CANDIDATES, ((s, -k) for k, s in scores.items()))]

    def classify(self, offer: Offer, *, top: int = 3) -> Classification:
        title_feats = features(offer.intitule, title=True)
        title = set(title_feats)
        described = frozenset(features(offer.description[:DESC_CHARS], bigrams=DESC_BIGRAMS))
        text = (described | title) & self._doc_vocab
        titles = self._title_scores(title, title_feats[0] if title_feats else "")
        ranked_titles = heapq.nlargest(TITLE_CANDIDATES, ((s, -k) for k, (s, _) in titles.items()))
        cands = dict.fromkeys([-k for _, k in ranked_titles])
        cands.update(dict.fromkeys(-k for k in self._rare_candidates(text)))
        if not cands:
            return Classification(offer.id, (), self._esco_skills(described | title))
        weights_of, keys_of = self._doc_weights, self._doc_keys
        desc = {k: sum(map(weights_of[k].__getitem__, text & keys_of[k])) for k in cands}
        top_desc = max(desc.values()) or 1.0
        own = {
            k: titles.get(k, (0.0, -1))[0] + BETA * desc[k] / top_desc + self._prior[k]
            for k in cands
        }
        final = dict(own)
        if FAMILY:
            for k, v in own.items():
                p = self._parent[k]
                if p != k:
                    final[p] = max(final.get(p, 0.0), FAMILY * v)
        codes = self._codes
        scored = sorted(
            ((v, k) for k, v in final.items()),
            key=lambda sk: (-sk[0], codes[sk[1]]),
        )
        z = [math.exp((s - scored[0][0]) / TEMPERATURE) for s, _ in scored]
        total = sum(z)
        out = []
        for (score, k), e in zip(scored[:top], z, strict=False):
            f = self._fiches[k]
            cos, name = titles.get(k, (0.0, -1))
            name_label, name_feats = (
                (self._names[name][1], self._names[name][2]) if name >= 0 else ("", frozenset())
            )
            weights = self._doc_weights[k]
            terms = [
                t for _, t in heapq.nsmallest(8, [(-weights[t], t) for t in text & keys_of[k]])
            ]
            out.append(
                Candidate(
                    code=f.code,
                    label=f.label,
                    score=round(score, 6),
                    confidence=round(e / total, 4),
                    title_score=round(cos, 6),
                    description_score=round(desc.get(k, 0.0) / top_desc, 6),
                    matched_name=name_label,
                    title_terms=tuple(sorted(t for t in name_feats & title if "_" not in t)),
                    description_terms=tuple(terms),
                )
            )
        skills = self._mentioned_skills([self._fiches[k] for _, k in scored[:SKILL_FICHES]], text)
        return Classification(offer.id, tuple(out), skills + self._esco_skills(described | title))

    def _esco_skills(self, text: frozenset[str]) -> tuple[SkillMention, ...]:
        if self.esco is None:
            return ()
        heads = self._head_words  # job-title head words: "Chef" the tool is not the cook
        return tuple(
            SkillMention(e.uri, e.label, "esco", words)
            for e, words in self.esco.spot(text)
            if len(words) > 1 or words[0] not in heads
        )

    def _mentioned_skills(
        self, fiches: list[Fiche], text: frozenset[str]
    ) -> tuple[SkillMention, ...]:
        found: dict[str, SkillMention] = {}
        for f in fiches:
            k = self._fiche_index[f.code]
            postings = self._skill_postings[k]
            hits: dict[str, list[str]] = {}
            for t in text & self._skill_vocab[k]:
                for code in postings[t]:
                    hits.setdefault(code, []).append(t)
            need = self._skill_need
            for code, hit in sorted(c for c in hits.items() if len(c[1]) >= need[c[0]]):
                if code not in found:
                    s = self.taxonomy.skills[code]
                    found[code] = SkillMention(s.code, s.label, s.kind, tuple(sorted(hit)))
        return tuple(found.values())
