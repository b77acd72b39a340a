"""Text helpers for the reference data: accent-insensitive folding and NAF code forms."""

from __future__ import annotations

import re

from maillage_core.text import fold as core_fold

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NAF = re.compile(r"^(\d{2})\.?(\d{0,2})([A-Z]?)$")


def fold(text: str) -> str:
    """Lower-case, drop accents (NFKD minus combining marks), punctuation to single spaces.

    `fold("Saint-Lô")` → `"saint lo"`, `fold("L'Aigle")` → `"l aigle"`; `œ` becomes `oe`.
    """
    return _NON_ALNUM.sub(" ", core_fold(text)).strip()


def naf_code_normalise(code: str) -> str:
    """A NAF rév. 2 code in its dotted INSEE form: `6201Z`, `62.01z`, ` 62 01 Z` → `62.01Z`.

    Divisions (`62`), groups (`621` → `62.1`), classes (`6201` → `62.01`) and sections (`J`) are
    accepted too. Raises ValueError on anything else.
    """
    compact = re.sub(r"[\s.]", "", code).upper()
    if len(compact) == 1 and compact.isalpha():
        return compact
    match = _NAF.match(compact)
    if match is None or (match.group(3) and len(match.group(2)) != 2):
        raise ValueError(f"not a NAF rév. 2 code: {code!r}")
    division, rest, letter = match.groups()
    return f"{division}.{rest}{letter}" if rest else division
