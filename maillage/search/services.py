"""Entry points of the search index: query it, rebuild it, keep it consistent with the database.

The database is the source of truth; everything here can be recomputed from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import tantivy
from django.conf import settings
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.search import selectors
from maillage.search.index import IndexStore, IndexUnavailable, store_for
from maillage.search.lexicon import current_lexicon
from maillage.search.query import combine, filter_clauses, text_query
from maillage.search.types import FACETS, SearchHit, SearchQuery, SearchResult
from maillage_core.geo import Point, bounding_box, haversine_km
from maillage_core.text import expand_query

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 100
# Extra hits fetched past the page so that equal scores at its edge are ordered by id.
TIE_WINDOW = 32
FACET_SIZE = 10_000


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
    """Rank organisations for a query: BM25 over analysed tokens, facets, radius, pages.

    Ordering: score descending, ties by id; without text, by name (or by distance when a
    radius is given). Facet counts cover the whole filtered result set, not just the page.
    """
    _validate(query)
    centre = _centre(query)
    try:
        st = store()
        searcher = st.searcher()
    except IndexUnavailable:
        logger.warning("search index missing: run `maillage index rebuild`")
        return _empty(query)
    schema = st.schema
    groups = expand_query(query.text, current_lexicon())
    box = bounding_box(centre, query.radius_km) if centre and query.radius_km else None
    filters = filter_clauses(schema, query, box)

    tq = text_query(schema, groups)
    full = combine(schema, tq, filters)
    total = _count(searcher, full)
    if total == 0 and len(groups) > 1:
        full = combine(schema, text_query(schema, groups, relaxed=True), filters)
        total = _count(searcher, full)

    if box is not None and centre is not None and query.radius_km is not None:
        return _radius_search(searcher, full, total, query, centre, query.radius_km, bool(groups))

    offset = (query.page - 1) * query.per_page
    if groups:
        hits = searcher.search(full, limit=offset + query.per_page + TIE_WINDOW, count=False).hits
        ranked = _ids_with_scores(searcher, hits)
        ranked.sort(key=lambda pair: (-pair[1], pair[0]))
        page = ranked[offset : offset + query.per_page]
    else:
        hits = searcher.search(
            full,
            limit=query.per_page,
            offset=offset,
            count=False,
            order_by_field="sort_name",
            order=tantivy.Order.Asc,
        ).hits
        page = [(doc_id, 1.0) for doc_id, _ in _ids_with_scores(searcher, hits)]
    distances = _distances(searcher, hits, centre) if centre else {}
    return SearchResult(
        hits=[SearchHit(i, s, distances.get(i)) for i, s in page],
        total=total,
        facets=_facets(searcher, full) if total else {f: [] for f in FACETS},
        page=query.page,
        per_page=query.per_page,
    )


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    result = searcher.search(query, limit=1, count=True)
    return int(result.count)  # type: ignore[attr-defined]  # tantivy.pyi omits SearchResult.count


def _int_ids(values: list[int | float | bool | None]) -> list[int]:
    return [int(v) if v is not None else -1 for v in values]


def _ids_with_scores(searcher: tantivy.Searcher, hits: list[Any]) -> list[tuple[int, float]]:
    ids = _int_ids(searcher.fast_field_values("id", [address for _key, address in hits]))
    return [
        (doc_id, float(key) if isinstance(key, float) else 1.0)
        for (key, _address), doc_id in zip(hits, ids, strict=True)
    ]


def _distances(searcher: tantivy.Searcher, hits: list[Any], centre: Point) -> dict[int, float]:
    addresses = [address for _key, address in hits]
    ids = _int_ids(searcher.fast_field_values("id", addresses))
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    return {
        i: round(haversine_km(centre, Point(float(la), float(lo))), 2)
        for i, la, lo in zip(ids, lats, lons, strict=True)
        if la is not None and lo is not None
    }


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
    spec = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACETS}
    result = searcher.aggregate(query, spec)
    return {
        f: _sorted_counts(
            (b["key"], int(b["doc_count"])) for b in result.get(f, {}).get("buckets", [])
        )
        for f in FACETS
    }


def _sorted_counts(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def _radius_search(
    searcher: tantivy.Searcher,
    full: tantivy.Query,
    candidates: int,
    query: SearchQuery,
    centre: Point,
    radius_km: float,
    has_text: bool,
) -> SearchResult:
    """Exact circle inside the bounding box: filter candidates by haversine distance."""
    hits = searcher.search(full, limit=max(candidates, 1), count=False).hits if candidates else []
    addresses = [address for _score, address in hits]
    ids = _int_ids(searcher.fast_field_values("id", addresses))
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    kept: list[tuple[int, float, float, Any]] = []
    for (score, address), doc_id, la, lo in zip(hits, ids, lats, lons, strict=True):
        if la is None or lo is None:
            continue
        distance = haversine_km(centre, Point(float(la), float(lo)))
        if distance <= radius_km:
            kept.append((doc_id, float(score), round(distance, 2), address))
    if has_text:
        kept.sort(key=lambda k: (-k[1], k[0]))
    else:
        kept.sort(key=lambda k: (k[2], k[0]))
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    for _id, _score, _distance, address in kept:
        stored = searcher.doc(address).to_dict()
        for facet in FACETS:
            for value in stored.get(facet, []):
                counts[facet][value] = counts[facet].get(value, 0) + 1
    offset = (query.page - 1) * query.per_page
    page = kept[offset : offset + query.per_page]
    return SearchResult(
        hits=[SearchHit(i, s if has_text else 1.0, d) for i, s, d, _a in page],
        total=len(kept),
        facets={f: _sorted_counts(counts[f].items()) for f in FACETS},
        page=query.page,
        per_page=query.per_page,
    )


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
