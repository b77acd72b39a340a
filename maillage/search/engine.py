"""Run a `SearchQuery` against an opened tantivy searcher (no Django: benchmarks use it too).

The service layer validates the query, finds the commune's coordinates and passes them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tantivy

from maillage.search.query import combine, filter_clauses, text_query
from maillage.search.types import FACETS, SearchHit, SearchQuery, SearchResult
from maillage_core.geo import Point, bounding_box, haversine_km
from maillage_core.text import Lexicon, expand_query

# Extra hits fetched past the page so that equal scores at its edge are ordered by id.
TIE_WINDOW = 32
FACET_SIZE = 10_000


def run_search(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: SearchQuery,
    *,
    lexicon: Lexicon,
    centre: Point | None = None,
) -> SearchResult:
    """Rank organisations for a query: BM25 over analysed tokens, facets, radius, pages.

    Ordering: score descending, ties by id; without text, by name (or by distance when a
    radius is given). Facet counts cover the whole filtered result set, not just the page.
    A strict (AND-ish) pass that finds nothing is retried with OR.
    """
    groups = expand_query(query.text, lexicon)
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
