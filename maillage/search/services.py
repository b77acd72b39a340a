"""Entry points of the search index: query it, rebuild it, keep it consistent with the database.

The database is the source of truth; everything here can be recomputed from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.search import selectors
from maillage.search.engine import run_search
from maillage.search.index import IndexStore, IndexUnavailable, store_for
from maillage.search.lexicon import current_lexicon
from maillage.search.types import FACETS, SearchQuery, SearchResult
from maillage_core.geo import Point

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 100


class SearchError(ValueError):
    """A search request that cannot be run as asked (unknown facet, commune, bad page…)."""


def store() -> IndexStore:
    return store_for(settings.SEARCH_INDEX_DIR)


# --- querying -----------------------------------------------------------------------------


def _validate(query: SearchQuery) -> None:
    if query.page < 1:
        raise SearchError("page must be >= 1")
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        raise SearchError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    unknown = sorted(set(query.filters) - set(FACETS))
    if unknown:
        raise SearchError(f"unknown facet(s) {unknown}; expected some of {list(FACETS)}")
    if query.radius_km is not None:
        if query.near_commune is None:
            raise SearchError("a radius needs a commune (near_commune)")
        if not 0 < query.radius_km <= 1000:
            raise SearchError("radius_km must be in (0, 1000]")


def _centre(query: SearchQuery) -> Point | None:
    if query.near_commune is None:
        return None
    found = selectors.commune_point(query.near_commune)
    if found is None:
        raise SearchError(f"unknown or unlocated commune {query.near_commune!r}")
    return found[1]


def _empty(query: SearchQuery) -> SearchResult:
    return SearchResult(
        hits=[], total=0, facets={f: [] for f in FACETS}, page=query.page, per_page=query.per_page
    )


def organisation_search(query: SearchQuery) -> SearchResult:
    """Rank organisations for a query (see `engine.run_search` for the ordering rules).

    Raises `SearchError` for a query that cannot run (unknown facet or commune, bad page);
    an index not built yet gives an empty result and a warning in the log.
    """
    _validate(query)
    centre = _centre(query)
    try:
        st = store()
        searcher = st.searcher()
    except IndexUnavailable:
        logger.warning("search index missing: run `maillage index rebuild`")
        return _empty(query)
    return run_search(searcher, st.schema, query, lexicon=current_lexicon(), centre=centre)


# --- writing ------------------------------------------------------------------------------


def index_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database into a fresh directory, then swap it in."""
    return store().rebuild(selectors.organisation_documents(), progress=progress)


@dataclass(frozen=True)
class IndexUpdate:
    indexed: int
    deleted: int


def index_organisations(ids: Iterable[int]) -> IndexUpdate:
    """(Re)index these organisations; ids no longer in the database are removed."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return IndexUpdate(0, 0)
    docs = list(selectors.organisation_documents(wanted))
    present = {d.id for d in docs}
    gone = [i for i in wanted if i not in present]
    added, removed = store().update(docs, gone)
    return IndexUpdate(added, removed)


@dataclass(frozen=True)
class IndexCheck:
    missing: list[int]  # in the database, not in the index
    extra: list[int]  # in the index, not in the database
    stale: list[int]  # in both, but the index holds an older version
    repaired: bool

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.extra or self.stale)

    def as_dict(self) -> dict[str, Any]:
        return {
            "missing": len(self.missing),
            "extra": len(self.extra),
            "stale": len(self.stale),
            "repaired": self.repaired,
            "sample_missing": self.missing[:20],
            "sample_extra": self.extra[:20],
            "sample_stale": self.stale[:20],
        }


def index_check(*, repair: bool = True) -> IndexCheck:
    """Compare the ids (and versions) in the database with the index; repair the difference."""
    in_db = selectors.organisation_versions()
    try:
        in_index = store().indexed_versions()
    except IndexUnavailable:
        in_index = {}
    missing = sorted(set(in_db) - set(in_index))
    extra = sorted(set(in_index) - set(in_db))
    stale = sorted(i for i in set(in_db) & set(in_index) if in_index[i] < in_db[i])
    repaired = False
    if repair and (missing or extra or stale):
        index_organisations([*missing, *extra, *stale])
        repaired = True
    return IndexCheck(missing, extra, stale, repaired)


def index_consistency_run(*, repair: bool = True) -> IndexCheck:
    """`index_check`, recorded as an `ImportRun` of kind `search:consistency`.

    Not one transaction on purpose: the run record must survive a failure (status "failed").
    """
    run = ImportRun.objects.create(
        kind="search:consistency", source=str(settings.SEARCH_INDEX_DIR), started_at=timezone.now()
    )
    try:
        result = index_check(repair=repair)
    except Exception as exc:
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.status = RunStatus.SUCCEEDED
    run.counts = result.as_dict()
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "counts", "finished_at"])
    return result
