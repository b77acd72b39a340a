"""Token stream for need analysis: the project's French analyser, chunk by chunk.

`maillage_core.text.analyse` (accent folding, elisions, stop words, plurals, Snowball) is the
one analyser of the project; lexicon phrases and need text both go through it, so matching
is insensitive to accents, plurals and inflections. The need text is analysed one
whitespace-separated chunk at a time, so every analysed token keeps the position of the
surface words it came from: those words are the *evidence* shown to staff.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from maillage_core.text import analyse


@dataclass(frozen=True)
class Token:
    """One analysed term and the index of the whitespace-separated chunk it came from."""

    term: str
    position: int


@lru_cache(maxsize=65536)
def _analyse_chunk(chunk: str) -> tuple[str, ...]:
    return tuple(analyse(chunk))


def token_stream(text: str) -> list[Token]:
    """Analyse `text` chunk by chunk (stop words are dropped by the analyser)."""
    return [
        Token(term, position)
        for position, chunk in enumerate(text.split())
        for term in _analyse_chunk(chunk)
    ]


@lru_cache(maxsize=8192)
def phrase_terms(phrase: str) -> tuple[str, ...]:
    """The analysed terms of a lexicon phrase."""
    return tuple(analyse(phrase))


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base[0] if base else c


def fold(text: str) -> str:
    """Lower-case and strip accents one character for one, so offsets in the result are
    offsets in the input (unlike `text.fold`, which expands ligatures)."""
    return "".join(_fold_char(c) for c in text)
