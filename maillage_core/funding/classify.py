"""Themes, audiences and aid types of a call from its text, explained by the words matched.

A label is assigned when one of its phrases occurs in the text. Both the phrases and the text
go through `maillage_core.text.analyse` (accents folded, elisions and stop words removed,
plurals and suffixes stemmed), and a phrase matches when its tokens appear *contiguously* in
the text's tokens, so "cybersécurité" matches "Cybersecurite", and "intelligence artificielle"
does not match "intelligence … artificielle" three words apart. The evidence kept for each
label is the list of lexicon phrases found (in their written form), most frequent first.

Classification only fills what a source left empty (`enrich`); labels given by a source win.
Precision and recall on the labelled Aides-territoires sample are measured by the tests and
reported in docs/funding.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Generic, TypeVar

from maillage_core.funding.lexicon import AID_TYPE_LEXICON, AUDIENCE_LEXICON, THEME_LEXICON
from maillage_core.funding.types import CallRecord
from maillage_core.funding.vocab import AidType, Audience, Theme
from maillage_core.text import analyse

L = TypeVar("L", bound=StrEnum)

# Acronyms the analyser would break up ("R&D" → ["r"]): spelt out before analysis.
_SPELL_OUT = ((re.compile(r"\bR\s*&\s*D\b", re.IGNORECASE), " recherche développement "),)


def _tokens(text: str) -> list[str]:
    for pattern, replacement in _SPELL_OUT:
        text = pattern.sub(replacement, text)
    return analyse(text)


@dataclass(frozen=True)
class Evidence(Generic[L]):
    """A label and the lexicon phrases that matched it, most frequent first."""

    label: L
    matched: tuple[str, ...]

    def explain(self) -> str:
        name = getattr(self.label, "label", self.label.value)  # our vocabularies' French label
        return f"{name} : {', '.join(self.matched)}"


@dataclass(frozen=True)
class Classification:
    themes: tuple[Evidence[Theme], ...] = ()
    audiences: tuple[Evidence[Audience], ...] = ()
    aid_types: tuple[Evidence[AidType], ...] = ()


@dataclass(frozen=True)
class _Compiled(Generic[L]):
    # first token -> [(phrase tokens, label, written phrase)]
    index: dict[str, tuple[tuple[tuple[str, ...], L, str], ...]]
    order: tuple[L, ...]


def _compile(lexicon: dict[L, tuple[str, ...]]) -> _Compiled[L]:
    index: dict[str, list[tuple[tuple[str, ...], L, str]]] = {}
    seen: set[tuple[L, tuple[str, ...]]] = set()
    for label, phrases in lexicon.items():
        for phrase in phrases:
            tokens = tuple(_tokens(phrase))
            if tokens and (label, tokens) not in seen:  # "export"/"exportation": one stem
                seen.add((label, tokens))
                index.setdefault(tokens[0], []).append((tokens, label, phrase))
    return _Compiled({k: tuple(v) for k, v in index.items()}, tuple(lexicon))


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Compiled[Theme], _Compiled[Audience], _Compiled[AidType]]:
    return _compile(THEME_LEXICON), _compile(AUDIENCE_LEXICON), _compile(AID_TYPE_LEXICON)


def _match(tokens: Sequence[str], compiled: _Compiled[L]) -> tuple[Evidence[L], ...]:
    found: dict[L, Counter[str]] = {}
    for i, token in enumerate(tokens):
        for phrase_tokens, label, phrase in compiled.index.get(token, ()):
            if tuple(tokens[i : i + len(phrase_tokens)]) == phrase_tokens:
                found.setdefault(label, Counter())[phrase] += 1
    return tuple(
        Evidence(label, tuple(p for p, _n in sorted(found[label].items(), key=_by_count)))
        for label in compiled.order
        if label in found
    )


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def classify(text: str) -> Classification:
    """Themes, audiences and aid types found in `text`, each with its evidence, in the
    vocabulary's order."""
    tokens = _tokens(text)
    themes, audiences, aid_types = _compiled()
    return Classification(
        _match(tokens, themes), _match(tokens, audiences), _match(tokens, aid_types)
    )


def record_text(record: CallRecord) -> str:
    return "\n".join((record.title, record.description, *record.source_categories))


def labels(evidence: Iterable[Evidence[L]]) -> tuple[L, ...]:
    return tuple(e.label for e in evidence)


def enrich(record: CallRecord) -> tuple[CallRecord, Classification]:
    """The record with its empty themes / audiences / aid types filled from its text, and the
    classification that explains them. Non-empty fields from the source are kept as they are."""
    found = classify(record_text(record))
    enriched = replace(
        record,
        themes=record.themes or labels(found.themes),
        audiences=record.audiences or labels(found.audiences),
        aid_types=record.aid_types or labels(found.aid_types),
    )
    return enriched, found
