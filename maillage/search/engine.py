"""Run a `SearchQuery` against an opened tantivy searcher (no Django: benchmarks use it too).

The service layer validates the query, finds the commune's coordinates and passes them in.
Radius filters are built by `maillage.search.radius` (grid-cell terms, exact at the edge).

Cost model (bench/bench_search.py, 100k documents): each tantivy pass over the query costs
about as much as the query's match set is large, so a search runs at most three passes (the
circle's edge check, the ranked page with its count, the facet aggregation), and everything
per hit is read from fast fields by document address — never a stored document, never a
second search for the page's ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tantivy

from maillage.search import radius as geo
from maillage.search.query import combine, filter_clauses, text_query
from maillage.search.types import FACETS, SearchHit, SearchQuery, SearchResult
from maillage_core.geo import Point
from maillage_core.text import Lexicon, expand_query

# Extra hits fetched past the page so that equal scores at its edge are ordered by id.
TIE_WINDOW = 32
FACET_SIZE = 10_000
# Without text, radius results are ordered by distance when there are at most this many
# (each needs its coordinates read); beyond it, by name like other queries without text.
DISTANCE_SORT_LIMIT = 10_000

Clauses = list[tuple[tantivy.Occur, tantivy.Query]]
# (organisation id, score, tantivy DocAddress) of one ranked hit
Ranked = tuple[int, float, Any]


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
    radius is given, see `DISTANCE_SORT_LIMIT`). Facet counts cover the whole filtered result
    set, not just the page. A strict (AND-ish) pass that finds nothing is retried with OR.
    """
    groups = expand_query(query.text, lexicon)
    radius = query.radius_km if centre is not None else None
    filters = filter_clauses(schema, query)
    text = text_query(schema, groups)
    full = _with_radius(searcher, schema, text, filters, centre, radius)
    offset = (query.page - 1) * query.per_page
    known: dict[int, float] = {}

    if groups:
        # One pass gives the count and the top hits (plus a window to order ties by id).
        limit = offset + query.per_page + TIE_WINDOW
        found = searcher.search(full, limit=limit, count=True)
        if geo.total(found) == 0 and len(groups) > 1:
            text = text_query(schema, groups, relaxed=True)
            full = _with_radius(searcher, schema, text, filters, centre, radius)
            found = searcher.search(full, limit=limit, count=True)
        ranked = _ranked(searcher, found.hits)
        ranked.sort(key=lambda row: (-row[1], row[0]))
        page = ranked[offset : offset + query.per_page]
        total = geo.total(found)
    elif (
        centre is not None
        and radius is not None
        and (total := geo.total(searcher.search(full, limit=1, count=True))) <= DISTANCE_SORT_LIMIT
    ):
        nearest = geo.by_distance(searcher, full, total, centre)[offset : offset + query.per_page]
        page = [(doc_id, 1.0, address) for doc_id, _km, address in nearest]
        known = {doc_id: round(km, 2) for doc_id, km, _address in nearest}
    else:
        found = searcher.search(
            full,
            limit=query.per_page,
            offset=offset,
            count=True,
            order_by_field="sort_name",
            order=tantivy.Order.Asc,
        )
        page = [(doc_id, 1.0, address) for doc_id, _s, address in _ranked(searcher, found.hits)]
        total = geo.total(found)

    distances = (known or geo.distances(searcher, centre, page)) if centre else {}
    return SearchResult(
        hits=[SearchHit(i, s, distances.get(i)) for i, s, _address in page],
        total=total,
        facets=_facets(searcher, full) if total else {f: [] for f in FACETS},
        page=query.page,
        per_page=query.per_page,
    )


def _with_radius(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    text: tantivy.Query | None,
    filters: Clauses,
    centre: Point | None,
    radius_km: float | None,
) -> tantivy.Query:
    """The full query; with a radius, restricted to the circle exactly."""
    if centre is None or radius_km is None:
        return combine(text, filters)
    return geo.restrict(searcher, schema, text, filters, centre, radius_km)


def _ranked(searcher: tantivy.Searcher, hits: list[Any]) -> list[Ranked]:
    """(id, score, address) of search hits; the id from the `id` fast field."""
    ids = geo.ids_of(searcher, [address for _key, address in hits])
    return [
        (doc_id, float(key) if isinstance(key, float) else 1.0, address)
        for (key, address), doc_id in zip(hits, ids, strict=True)
    ]


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
