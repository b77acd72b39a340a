"""Need intake checks: input validity, spam likelihood, and near-duplicate detection (pure)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from maillage_core.text import analyse

MAX_NEED_TEXT = 5_000  # characters; a need is a paragraph, not a document
MIN_NEED_WORDS = 3
DUPLICATE_WINDOW = timedelta(days=21)
DUPLICATE_SIMILARITY = 0.5

_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_REPEAT = re.compile(r"(.)\1{6,}")
_SPAM_WORDS = ("casino", "viagra", "crypto", "bitcoin", "seo backlinks", "loan", "porn")


class IntakeError(ValueError):
    """A need that cannot be accepted; the message is French, shown as is."""


def validate_need_text(text: str) -> str:
    """Return the cleaned text or raise IntakeError with a French one-line reason."""
    if "\x00" in text:
        raise IntakeError("Le texte contient des caractères non valides.")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls:
        raise IntakeError("Le texte contient des caractères non valides.")
    cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if not cleaned:
        raise IntakeError("Décrivez votre besoin en quelques phrases.")
    if len(cleaned) > MAX_NEED_TEXT:
        raise IntakeError(f"Le texte est trop long (au plus {MAX_NEED_TEXT} caractères).")
    if len(re.findall(r"\w+", cleaned)) < MIN_NEED_WORDS:
        raise IntakeError("Décrivez votre besoin en quelques mots de plus.")
    return cleaned


def spam_score(text: str) -> float:
    """A 0–1 likelihood that the text is spam, from simple independent signals.

    Signals (each adds its weight, capped at 1): links (0.4 for one, 0.7 for three or more),
    long character repeats (0.3), mostly upper-case letters (0.3), known spam words (0.5).
    """
    score = 0.0
    links = len(_URL.findall(text))
    if links >= 3:
        score += 0.7
    elif links:
        score += 0.4
    if _REPEAT.search(text):
        score += 0.3
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        score += 0.3
    lowered = text.lower()
    if any(word in lowered for word in _SPAM_WORDS):
        score += 0.5
    return min(1.0, score)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the analysed token sets: |A ∩ B| / |A ∪ B| (0 when both empty)."""
    ta, tb = set(analyse(a)), set(analyse(b))
    union = ta | tb
    return len(ta & tb) / len(union) if union else 0.0


@dataclass(frozen=True)
class PriorNeed:
    id: int
    text: str
    created_at: datetime


def find_duplicate(text: str, *, now: datetime, prior: list[PriorNeed]) -> int | None:
    """The id of the most similar need from the same requester within 3 weeks, if similar enough.

    Ties are broken by the most recent then the smallest id, so the result is deterministic.
    """
    best: tuple[float, datetime, int] | None = None
    for p in prior:
        if now - p.created_at > DUPLICATE_WINDOW or p.created_at > now:
            continue
        sim = similarity(text, p.text)
        if sim < DUPLICATE_SIMILARITY:
            continue
        key = (sim, p.created_at, -p.id)
        if best is None or key > best:
            best = key
    return None if best is None else -best[2]
