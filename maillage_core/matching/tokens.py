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

from maillage_core.text import analyse, analyse_with_forms, words
from maillage_core.text import light_form as _light_form


@dataclass(frozen=True)
class Token:
    """One analysed term, the index of the whitespace-separated chunk it came from, and the
    light form of its word (`text.light_form`: what a one-word keyword must equal)."""

    term: str
    position: int
    form: str = ""


@lru_cache(maxsize=65536)
def _analyse_chunk(chunk: str) -> tuple[tuple[str, str], ...]:
    return tuple(analyse_with_forms(chunk))


def token_stream(text: str) -> list[Token]:
    """Analyse `text` chunk by chunk (stop words are dropped by the analyser)."""
    return [
        Token(term, position, form)
        for position, chunk in enumerate(text.split())
        for term, form in _analyse_chunk(chunk)
    ]


@lru_cache(maxsize=8192)
def phrase_forms(phrase: str) -> tuple[str, ...]:
    """The light forms of a phrase's words (stop words dropped, as `phrase_terms` does)."""
    return tuple(form for _term, form in analyse_with_forms(phrase))


def light_form(word: str) -> str:
    """The light form of one written word (folded first)."""
    found = words(word)
    return _light_form(found[0]) if found else ""


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
