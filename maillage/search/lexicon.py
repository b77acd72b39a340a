"""The synonym lexicon used at query time: network domains + ROME/ESCO labels.

Built once per process (a few seconds with the full taxonomies) and rebuilt after
`LEXICON_TTL_SECONDS`, or at once after `reset_lexicon()` (the open-data loaders may call it).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Iterable
from typing import Any

from maillage_core.text import Lexicon, build_lexicon, domain_concepts

LEXICON_TTL_SECONDS = 3600.0

_lock = threading.Lock()
_cached: tuple[float, Lexicon] | None = None


def taxonomy_pairs() -> list[tuple[str, str]]:
    """(canonical, alternative) label pairs from the open-data taxonomies (ROME, ESCO).

    Provided by `maillage.opendata.selectors.taxonomy_phrases()`; empty when that selector
    is absent (open data not installed) so search still works with the domains alone.
    """
    try:
        selectors: Any = importlib.import_module("maillage.opendata.selectors")
    except ImportError:
        return []
    source = getattr(selectors, "taxonomy_phrases", None)
    if source is None:
        return []
    phrases: Iterable[tuple[str, str]] = source()
    return [(str(a), str(b)) for a, b in phrases]


def current_lexicon() -> Lexicon:
    global _cached
    with _lock:
        now = time.monotonic()
        if _cached is None or now - _cached[0] > LEXICON_TTL_SECONDS:
            _cached = (now, build_lexicon(domain_concepts(), taxonomy_pairs()))
        return _cached[1]


def reset_lexicon() -> None:
    global _cached
    with _lock:
        _cached = None
