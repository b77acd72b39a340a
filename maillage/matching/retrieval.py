"""Candidate retrieval for the matching engine, through the search index (tantivy).

The analysed need becomes a broad OR query (each analysed word or lexicon phrase of the need
is one `QueryGroup` with its synonyms, scored as on the search page: BM25 over name, tags
and body, constant scores for synonyms and named domains; any one group suffices). Two pools
are fetched and merged:

* the `TEXT_POOL` best by text score;
* the `DOMAIN_POOL` best among organisations in one of the need's domains, ranked by the same
  text score (0 when no word matches), so a need phrased without the providers' words still
  reaches them ("nos fichiers sont chiffrés" → the cyber-incident responders).

Every score is the text query's score (filters score 0), so the two pools are comparable.
Ties at a pool's edge are broken by id (`TIE_WINDOW` extra hits are read to do so).
Closed organisations are never retrieved.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence

import tantivy

from maillage.search.index import IndexUnavailable
from maillage.search.lexicon import current_lexicon
from maillage.search.query import Must, Should, filter_clauses, text_query
from maillage.search.services import store
from maillage.search.types import SearchQuery
from maillage_core.text import EMPTY_LEXICON, QueryGroup, expand_tokens

logger = logging.getLogger(__name__)

TEXT_POOL = 150
DOMAIN_POOL = 100
TIE_WINDOW = 32
MAX_GROUPS = 48  # a pasted 100 kB document must not become a 10,000-clause query

Clauses = list[tuple[tantivy.Occur, tantivy.Query]]


def query_groups(terms: Sequence[str], *, synonyms: bool = True) -> tuple[QueryGroup, ...]:
    """The need's analysed terms as query groups (lexicon phrases kept whole), first
    occurrence of each, at most `MAX_GROUPS`."""
    lexicon = current_lexicon() if synonyms else EMPTY_LEXICON
    seen: set[tuple[str, ...]] = set()
    out: list[QueryGroup] = []
    for group in expand_tokens(terms[: MAX_GROUPS * 8], lexicon):
        if group.tokens not in seen:
            seen.add(group.tokens)
            out.append(group)
            if len(out) == MAX_GROUPS:
                break
    return tuple(out)


def _const(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, 0.0)


def _query(
    schema: tantivy.Schema,
    groups: Sequence[QueryGroup],
    required: Iterable[tantivy.Query],
) -> tantivy.Query | None:
    """Required filters (scoring 0) plus the text query: required when there is no filter,
    optional otherwise (then it only orders the filtered documents)."""
    text = text_query(schema, groups, relaxed=True)
    filters: Clauses = [(o, _const(q)) for o, q in filter_clauses(schema, SearchQuery())]
    musts = [(Must, _const(q)) for q in required]
    if not musts:
        if text is None:
            return None
        return tantivy.Query.boolean_query([(Must, text), *filters])
    clauses: Clauses = [*musts, *filters]
    if text is not None:
        clauses.append((Should, text))
    return tantivy.Query.boolean_query(clauses)


def _top(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> dict[int, float]:
    hits = searcher.search(query, limit=limit + TIE_WINDOW, count=False).hits
    ids = searcher.fast_field_values("id", [address for _score, address in hits])
    ranked = sorted(
        ((int(i), float(score)) for (score, _a), i in zip(hits, ids, strict=True) if i is not None),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return dict(ranked[:limit])


def retrieve(
    groups: Sequence[QueryGroup],
    *,
    domains: Collection[str] = (),
    only_ids: Collection[int] | None = None,
    text_pool: int = TEXT_POOL,
    domain_pool: int = DOMAIN_POOL,
) -> dict[int, float]:
    """Candidate id → text score. With `only_ids`, every one of those (open) organisations
    is returned, scored by the text query; otherwise the two pools described above.

    An index not built yet gives nothing (and a warning in the log)."""
    try:
        st = store()
        searcher = st.searcher()
    except IndexUnavailable:
        logger.warning("search index missing: run `maillage index rebuild`")
        return {}
    schema = st.schema
    if only_ids is not None:
        wanted = sorted({int(i) for i in only_ids})
        if not wanted:
            return {}
        ids = tantivy.Query.term_set_query(schema, "id", wanted)
        query = _query(schema, groups, [ids])
        return _top(searcher, query, len(wanted)) if query is not None else {}
    found: dict[int, float] = {}
    query = _query(schema, groups, [])
    if query is not None:
        found.update(_top(searcher, query, text_pool))
    if domains and domain_pool > 0:
        in_domains = tantivy.Query.term_set_query(schema, "domain", sorted(domains))
        query = _query(schema, groups, [in_domains])
        if query is not None:
            found.update(_top(searcher, query, domain_pool))
    return found


TERMS_PER_QUERY = 20  # bit i of a score is term i: exact while the sum stays below 2**24 (f32)


def terms_present(ids: Collection[int], terms: Collection[str]) -> dict[int, frozenset[str]]:
    """Which of `terms` (analysed) each organisation's indexed text contains.

    The ranking only ever tests the need's own terms against a candidate, so this replaces
    analysing every candidate's text at query time. One query per 20 terms, restricted to
    `ids`: term *i* is a should-clause with the constant score 2^i, so a document's score is
    the bit set of the terms it holds (sums of distinct powers of two below 2^24 are exact in
    tantivy's 32-bit float scores). The `grams` field holds every single token of name, tags
    and body.
    """
    wanted = sorted({int(i) for i in ids})
    ordered = sorted(set(terms))
    if not wanted or not ordered:
        return {}
    try:
        st = store()
        searcher = st.searcher()
    except IndexUnavailable:
        return {}
    restrict = _const(tantivy.Query.term_set_query(st.schema, "id", wanted))
    found: dict[int, set[str]] = {}
    for start in range(0, len(ordered), TERMS_PER_QUERY):
        batch = ordered[start : start + TERMS_PER_QUERY]
        clauses: Clauses = [(Must, restrict)]
        for bit, term in enumerate(batch):
            has = tantivy.Query.term_query(st.schema, "grams", term)
            clauses.append((Should, tantivy.Query.const_score_query(has, float(1 << bit))))
        hits = searcher.search(
            tantivy.Query.boolean_query(clauses), limit=len(wanted), count=False
        ).hits
        doc_ids = searcher.fast_field_values("id", [a for _s, a in hits])
        for (score, _a), doc_id in zip(hits, doc_ids, strict=True):
            mask = round(score)
            if doc_id is None or mask <= 0:
                continue
            held = found.setdefault(int(doc_id), set())
            held.update(t for bit, t in enumerate(batch) if mask >> bit & 1)
    return {k: frozenset(v) for k, v in found.items()}
