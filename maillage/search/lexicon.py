"""The synonym lexicon used at query time: network domains + ROME/ESCO labels.

Built once per process (≈ 6 s with the full ROME and ESCO taxonomies: 28k label pairs), then
refreshed in a background thread every `LEXICON_TTL_SECONDS` while searches keep using the
previous one, so no request waits for a rebuild after the first. `reset_lexicon()` forgets it
(tests, or after loading new taxonomies).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.db import connection

from maillage_core.text import Lexicon, build_lexicon, domain_concepts

logger = logging.getLogger(__name__)

LEXICON_TTL_SECONDS = 3600.0

_lock = threading.Lock()
_cached: tuple[float, Lexicon] | None = None
_refreshing = False


def taxonomy_pairs() -> list[tuple[str, str]]:
    """(canonical, alternative) label pairs from the open-data taxonomies (ROME, ESCO).

    Provided by `maillage.opendata.selectors.taxonomy_phrases()`; empty when that selector
    is absent so search still works with the network's domains alone.
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


def build_current() -> Lexicon:
    return build_lexicon(domain_concepts(), taxonomy_pairs())


def _refresh() -> None:
    global _cached, _refreshing
    try:
        fresh = build_current()
        with _lock:
            _cached = (time.monotonic(), fresh)
    except Exception:
        logger.exception("search lexicon refresh failed; keeping the previous one")
    finally:
        with _lock:
            _refreshing = False
        connection.close()  # this thread's own database connection


def current_lexicon() -> Lexicon:
    global _cached, _refreshing
    with _lock:
        cached = _cached
        if cached is not None:
            if time.monotonic() - cached[0] > LEXICON_TTL_SECONDS and not _refreshing:
                _refreshing = True
                threading.Thread(target=_refresh, name="lexicon-refresh", daemon=True).start()
            return cached[1]
    fresh = build_current()  # first use in this process: build it here, once
    with _lock:
        if _cached is None:
            _cached = (time.monotonic(), fresh)
        return _cached[1]


def reset_lexicon() -> None:
    global _cached
    with _lock:
        _cached = None
