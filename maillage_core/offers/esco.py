"""ESCO skills mentioned in an offer: each skill's labels (preferred and alternative) looked
up as phrases in the offer's analysed text.

A label of two to six analysed words is found when every pair of its consecutive words occurs
as a pair in the offer ("gérer une équipe" → ger_equip; "vous gérerez une équipe" has it); a
one-word label only for *knowledge* items written as names ("Python", "SQL", "PostgreSQL",
"Python3": a capital, a digit or a sign), never for common nouns ("machines") or verbs; and
never a word of one letter ("R", the "C" of "Objective-C"), too ambiguous in French text.
Longer labels are descriptions, not phrases offers repeat, and are skipped. Callers may drop
one-word finds that are also job-title words (the classifier does: "Chef" is a DevOps tool in
ESCO and a head cook in offers). Pure: the skills are passed in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from maillage_core.offers.analysis import features

MAX_WORDS = 6
# one word written as a name: "Python", "SQL", "Python3", "PostgreSQL" (not "Object-C": two)
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w+#.]*|[\w.]*[0-9+#][\w+#.]*)$")


@dataclass(frozen=True)
class EscoEntry:
    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    knowledge: bool = False  # ESCO skillType "knowledge"


class EscoSpotter:
    """Built once from the ESCO skills; `spot` is pure and thread-safe."""

    def __init__(self, entries: Iterable[EscoEntry]) -> None:
        self.entries: tuple[EscoEntry, ...] = tuple(entries)
        phrases: list[tuple[frozenset[str], int, tuple[str, ...]]] = []
        for k, e in enumerate(self.entries):
            for label in dict.fromkeys((e.label, *e.alt_labels)):
                words = tuple(dict.fromkeys(features(label, bigrams=False)))
                if any(len(w) < 2 for w in words):
                    continue
                if len(words) == 1 and e.knowledge and _NAME_LIKE.search(label.strip()):
                    phrases.append((frozenset(words), k, words))
                elif 2 <= len(words) <= MAX_WORDS:
                    pairs = map("_".join, itertools.pairwise(words))
                    phrases.append((frozenset(pairs), k, words))
        # each phrase is filed under its rarest part, so a lookup checks few phrases
        df: dict[str, int] = {}
        for parts, _, _ in phrases:
            for p in parts:
                df[p] = df.get(p, 0) + 1
        by_key: dict[str, list[tuple[frozenset[str], int, tuple[str, ...]]]] = {}
        for parts, k, words in phrases:
            key = min(parts, key=lambda p: (df[p], p))
            by_key.setdefault(key, []).append((parts, k, words))
        self._by_key = by_key
        self._keys = frozenset(by_key)
        self.phrase_count = len(phrases)

    def spot(self, text_features: frozenset[str]) -> tuple[tuple[EscoEntry, tuple[str, ...]], ...]:
        """The skills whose label occurs in the text (its `features`, bigrams included), each
        with the analysed words of the label found, in the order of the entries given."""
        found: dict[int, tuple[str, ...]] = {}
        for key in text_features & self._keys:
            for parts, k, words in self._by_key[key]:
                if k not in found and parts <= text_features:
                    found[k] = words
        return tuple((self.entries[k], found[k]) for k in sorted(found))
