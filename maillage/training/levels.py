"""Certification levels: every source's wording brought to the national nomenclature of 2019
(levels 3 to 8, aligned with the European framework, EQF), with French labels.

Sources word levels differently: ONISEP "bac+3" and the pre-2019 nomenclature in
`niveau_certification` (I = bac+5 … V = CAP); SecNumEdu a diploma type ("Ingénieur",
"Licence pro", "RNCP 7 (ex 1)") or, for short courses, a topic; RNCP and LHEO the level digit.
Anything not recognised is "" (no level), never a free text in the level facet.
"""

from __future__ import annotations

import re

LABELS = {
    "3": "Niveau 3 (CAP, BEP)",
    "4": "Niveau 4 (bac)",
    "5": "Niveau 5 (bac+2)",
    "6": "Niveau 6 (bac+3, bac+4)",
    "7": "Niveau 7 (bac+5)",
    "8": "Niveau 8 (doctorat)",
}
_BAC = {"bac": "4", "bac+1": "5", "bac+2": "5", "bac+3": "6", "bac+4": "6", "bac+5": "7",
        "bac+6": "7", "bac+8": "8", "cap": "3", "bep": "3"}  # fmt: skip
# Pre-2019 nomenclature (niveau I … V) → 2019 levels.
_OLD = {"1": "7", "i": "7", "2": "6", "ii": "6", "3": "5", "iii": "5", "4": "4", "iv": "4",
        "5": "3", "v": "3"}  # fmt: skip
_DIPLOMAS = {
    "cap": "3", "bep": "3", "bac pro": "4", "bts": "5", "dut": "5", "but": "6", "licence": "6",
    "licence pro": "6", "licence professionnelle": "6", "bachelor": "6", "master": "7",
    "mastère spécialisé": "7", "mastere specialise": "7", "ingénieur": "7", "ingenieur": "7",
    "doctorat": "8",
}  # fmt: skip
_RNCP_WORDS = re.compile(r"^(?:rncp|niveau|niv\.?)\s*([1-8])\b", re.I)
_RNCP_OLD = re.compile(r"^(?:rncp|niveau)\s+(i{1,3}|iv|v)\b", re.I)


def from_bac(words: str) -> str:
    """ "bac+3" / "Bac + 5" / "CAP" → "6" / "7" / "3"; "" when not such words."""
    return _BAC.get(words.lower().replace(" ", ""), "")


def from_old_nomenclature(code: str) -> str:
    """Pre-2019 level ("1"/"I" = bac+5 … "5"/"V" = CAP) → 2019 level; "0"/unknown → ""."""
    return _OLD.get(code.strip().lower(), "")


def from_digit(code: str) -> str:
    """A 2019 level already ("7", "NIV7", "Niveau 7"); anything else → ""."""
    text = code.strip()
    if text in LABELS:
        return text
    m = _RNCP_WORDS.match(text)
    return m.group(1) if m and m.group(1) in LABELS else ""


def from_diploma(words: str) -> str:
    """A diploma type or a level phrase ("Ingénieur", "Licence pro", "RNCP 7 (ex 1)",
    "RNCP I") → 2019 level; "" for anything else (e.g. a course topic)."""
    text = " ".join(words.split()).lower()
    if text in _DIPLOMAS:
        return _DIPLOMAS[text]
    if level := from_digit(text):
        return level
    if m := _RNCP_OLD.match(text):
        return from_old_nomenclature(m.group(1))
    return from_bac(text)


def label(level: str) -> str:
    return LABELS.get(level, level)
