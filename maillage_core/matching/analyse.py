"""Need analysis: free French text → `NeedProfile` with the evidence for every part.

Domains and skills come from matching lexicon phrases on analysed terms (longest phrase
first, left to right, no overlap). A need term that is not in the lexicon vocabulary but is
one edit away from a vocabulary term of ≥ 6 letters is read as that term (typo tolerance via
a deletion neighbourhood, as in SymSpell). Weights from several phrases combine by noisy-or:

    w(d) = 1 − Π_i (1 − w_i(d))

so two weak signals add up but never exceed 1. Domains below `MIN_DOMAIN_WEIGHT` relative to
the strongest are dropped as noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from maillage_core.matching.extract import find_budget, find_sector, find_size, find_time_frame
from maillage_core.matching.lexicon import (
    NOW_PHRASES,
    PREVENTION_PHRASES,
    LexEntry,
    Lexicon,
)
from maillage_core.matching.places import Gazetteer, PlaceMatch, locate
from maillage_core.matching.profile import (
    LabelRequirement,
    NeedProfile,
    UrgencySignal,
    Weighted,
)
from maillage_core.matching.tokens import Token, phrase_terms, token_stream

_TAG = re.compile(r"<[^<>]{0,200}>")  # markup pasted from a web page or an e-mail
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")

MAX_NEED_CHARS = 20_000
MIN_DOMAIN_WEIGHT = 0.25  # relative to the strongest domain
INCIDENT_SKILL = "réponse à incident"
PREVENTION_INCIDENT_FACTOR = 0.3


class EmptyNeedError(ValueError):
    """The need has no words to analyse."""


@dataclass(frozen=True)
class _Hit:
    entry: LexEntry
    evidence: str
    start: int


TYPO_MIN_LEN = 7  # shorter terms are too easily one edit away from another word


@lru_cache(maxsize=8)
def _deletion_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Every vocabulary term of ≥ TYPO_MIN_LEN letters and its one-letter deletions → terms."""
    index: dict[str, set[str]] = {}
    for term in vocabulary:
        if len(term) < TYPO_MIN_LEN:
            continue
        for variant in {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}:
            index.setdefault(variant, set()).add(term)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def one_edit_apart(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance exactly 1: one insertion, deletion, substitution or
    adjacent transposition. (A shared one-letter deletion alone is not enough: "souvent"
    and "subvent" share "suvent" but are two edits apart.)"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _correct(term: str, lexicon: Lexicon) -> str:
    """The term itself if known, else a vocabulary term one edit away (insertion, deletion,
    substitution or adjacent transposition) with the same first letter, else itself."""
    if term in lexicon.vocabulary or len(term) < TYPO_MIN_LEN - 1:
        return term
    index = _deletion_index(lexicon.vocabulary)
    found: set[str] = set(index.get(term, ()))
    for i in range(len(term)):
        found.update(index.get(term[:i] + term[i + 1 :], ()))
    found = {f for f in found if f[0] == term[0] and one_edit_apart(f, term)}
    return min(found) if found else term


def _single_word_ok(token: Token, term: str, lexicon: Lexicon) -> bool:
    """A one-term entry needs the word's exact light form (a typo-corrected word passes: it
    was one edit from the vocabulary, which is stricter)."""
    allowed = lexicon.forms.get(term)
    return allowed is None or token.term != term or token.form in allowed


def _match_phrases(stream: list[Token], chunks: list[str], lexicon: Lexicon) -> list[_Hit]:
    terms = [_correct(t.term, lexicon) for t in stream]
    hits: list[_Hit] = []
    i = 0
    while i < len(terms):
        for n in range(min(lexicon.max_len, len(terms) - i), 0, -1):
            entry = lexicon.entries.get(tuple(terms[i : i + n]))
            if entry is not None and n == 1 and not _single_word_ok(stream[i], terms[i], lexicon):
                continue
            if entry is not None:
                first, last = stream[i].position, stream[i + n - 1].position
                span = " ".join(chunks[first : last + 1])
                hits.append(_Hit(entry, _EDGE_PUNCT.sub("", span) or span, i))
                i += n
                break
        else:
            i += 1
    return hits


def _contains_any(terms: tuple[str, ...], phrases: Iterable[str]) -> str | None:
    """The first phrase whose analysed terms occur contiguously in `terms`."""
    for phrase in phrases:
        p = phrase_terms(phrase)
        if p and any(terms[i : i + len(p)] == p for i in range(len(terms) - len(p) + 1)):
            return phrase
    return None


def _noisy_or(pairs: list[tuple[float, str]]) -> tuple[float, tuple[str, ...]]:
    remaining = 1.0
    evidence: list[str] = []
    for w, ev in pairs:
        remaining *= 1.0 - min(1.0, max(0.0, w))
        if ev not in evidence:
            evidence.append(ev)
    return 1.0 - remaining, tuple(evidence)


def _urgency(hits: list[_Hit], terms: tuple[str, ...]) -> UrgencySignal | None:
    strong = [h.evidence for h in hits if h.entry.urgency == "strong"]
    weak = [h.evidence for h in hits if h.entry.urgency == "weak"]
    now = _contains_any(terms, NOW_PHRASES)
    prevention = _contains_any(terms, PREVENTION_PHRASES)
    if strong and (weak or now or not prevention):
        return UrgencySignal("incident", tuple(strong + weak + ([now] if now else [])))
    if weak and now and not prevention:
        return UrgencySignal("incident", (*weak, now))
    return None


def analyse_need(
    text: str,
    *,
    lexicon: Lexicon,
    places: Gazetteer,
    given_place: PlaceMatch | None = None,
    region: str = "",
) -> NeedProfile:
    """Analyse a need written in French into domains, skills, place, sector, size, urgency,
    budget, time frame and implied labels, each with its evidence.

    The place is `places.locate`: the place given with the need (`given_place`) is never
    overridden by the text, only refined; without one, a place the text names in the served
    `region` (any region when empty).

    Markup tags are dropped. Raises EmptyNeedError when the text has no analysable word.
    Text beyond MAX_NEED_CHARS is
    ignored (`truncated=True`), so a pasted 100 kB document costs a bounded time.
    """
    clean = _TAG.sub(" ", text.replace("\x00", " "))
    truncated = len(clean) > MAX_NEED_CHARS
    clean = clean[:MAX_NEED_CHARS]
    stream = token_stream(clean)
    if not stream:
        raise EmptyNeedError("le besoin ne contient aucun mot exploitable")
    terms = tuple(t.term for t in stream)
    hits = _match_phrases(stream, clean.split(), lexicon)

    domain_pairs: dict[str, list[tuple[float, str]]] = {}
    skill_pairs: dict[str, list[tuple[float, str]]] = {}
    labels: dict[tuple[str, ...], str] = {}
    for hit in hits:
        strongest = max((w for _, w in hit.entry.domains), default=1.0)
        for domain, w in hit.entry.domains:
            domain_pairs.setdefault(domain, []).append((w, hit.evidence))
        for skill in hit.entry.skills:
            skill_pairs.setdefault(skill, []).append((strongest, hit.evidence))
        if hit.entry.labels and hit.entry.labels not in labels:
            labels[hit.entry.labels] = hit.evidence

    domains = [Weighted(d, *_noisy_or(p)) for d, p in domain_pairs.items()]
    top = max((d.weight for d in domains), default=0.0)
    domains = [d for d in domains if d.weight >= MIN_DOMAIN_WEIGHT * top]
    urgency = _urgency(hits, terms)
    if urgency is None and INCIDENT_SKILL in skill_pairs:
        # "se protéger des rançongiciels" is prevention: incident response is a weak hint.
        skill_pairs[INCIDENT_SKILL] = [
            (w * PREVENTION_INCIDENT_FACTOR, e) for w, e in skill_pairs[INCIDENT_SKILL]
        ]
    skills = [Weighted(s, *_noisy_or(p), terms=phrase_terms(s)) for s, p in skill_pairs.items()]

    sector = find_sector(clean)
    size = find_size(clean)
    requirements = [LabelRequirement(k, v) for k, v in labels.items()]
    if urgency is None:
        # Incident-response labels only bind for an incident in progress.
        requirements = [r for r in requirements if r.labels != ("pris", "expertcyber")]
    needs_hds = sector is not None and sector.key == "sante" and "cloud" in domain_pairs
    if needs_hds and sector is not None and not any("hds" in r.labels for r in requirements):
        requirements.append(LabelRequirement(("hds",), sector.evidence))

    return NeedProfile(
        text=clean,
        domains=tuple(sorted(domains, key=lambda w: (-w.weight, w.key))),
        skills=tuple(sorted(skills, key=lambda w: (-w.weight, w.key))),
        place=locate(clean, places, given=given_place, region=region),
        sector=sector,
        size=size,
        urgency=urgency,
        budget=find_budget(clean),
        time_frame=find_time_frame(clean),
        required_labels=tuple(requirements),
        terms=terms,
        truncated=truncated,
    )
