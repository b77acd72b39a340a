"""Turn a `SearchQuery` into a tantivy query.

Text: each `QueryGroup` (a word or a lexicon phrase of the user's query, with its synonyms)
becomes a disjunction-max of: the user's own words over the text fields (BM25 × field boost),
each synonym (a constant `SYNONYM_SCORE`, looked up as one n-gram term), and the named domain
(constant `DOMAIN_SCORE`). Groups are combined
AND-ish: every group is required for one or two groups; from three groups on, all but one in
four (`minimum_number_should_match = n - n // 4`). When that finds nothing, the service retries
with plain OR (documents matching more groups still score higher under BM25).

Filters (facets, the strips covering a radius) are required clauses that do not score;
closed organisations are excluded with a must-not clause (they are few: cheaper than
requiring "open" on nearly every document).
"""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

from maillage.search.schema import GRAM_MAX, TEXT_FIELDS, gram
from maillage.search.types import FACETS, SearchQuery
from maillage_core.text import Phrase, QueryGroup

SYNONYM_SCORE = 0.6
DOMAIN_SCORE = 1.5
TIE_BREAKER = 0.1

Must = tantivy.Occur.Must
MustNot = tantivy.Occur.MustNot
Should = tantivy.Occur.Should


def any_term(schema: tantivy.Schema, field: str, values: Sequence[str | int]) -> tantivy.Query:
    """Documents with any of `values` in `field`: one term query, or a disjunction of them.

    Not `term_set_query`: on a fast field (facets, `id`) tantivy answers a term set by
    scanning the field's column over every document (0.3 ms for one facet value, 3.5 ms for
    600 ids on 100k documents), where term queries read only the postings (0.07 / 1.0 ms,
    bench/bench_search.py). On other fields the postings union is also cheaper than the term
    set's bitset for the few terms used here. Scores are BM25: wrap it in a constant score.
    """
    if len(values) == 1:
        return tantivy.Query.term_query(schema, field, values[0])
    return tantivy.Query.boolean_query(
        [(Should, tantivy.Query.term_query(schema, field, v)) for v in values]
    )


def _phrase(schema: tantivy.Schema, field: str, phrase: Phrase) -> tantivy.Query:
    if len(phrase) == 1:
        return tantivy.Query.term_query(schema, field, phrase[0])
    return tantivy.Query.phrase_query(schema, field, list(phrase))


def _fields(schema: tantivy.Schema, phrase: Phrase) -> tantivy.Query:
    """The user's phrase in any text field: BM25 per field, scaled by the field boost, summed."""
    return tantivy.Query.boolean_query(
        [
            (Should, tantivy.Query.boost_query(_phrase(schema, field, phrase), boost))
            for field, boost in TEXT_FIELDS.items()
        ]
    )


def _synonyms(schema: tantivy.Schema, phrases: Sequence[Phrase]) -> list[tantivy.Query]:
    """Synonyms anywhere in the text, constant score: one term disjunction over `grams`.

    Constant, not BM25: a rare multi-word synonym would otherwise sum several high IDFs and
    outscore the user's own word. Terms in the n-gram field, not phrase queries over three
    fields: measured 5–10× cheaper on 100k documents (bench/bench_search.py), and one
    constant-score disjunction rather than one scored query per synonym. Phrases longer than
    the indexed n-grams fall back to a phrase query over the description.
    """
    short = sorted({gram(p) for p in phrases if len(p) <= GRAM_MAX})
    queries = [any_term(schema, "grams", short)] if short else []
    queries += [
        tantivy.Query.phrase_query(schema, "body", list(p)) for p in phrases if len(p) > GRAM_MAX
    ]
    return [tantivy.Query.const_score_query(q, SYNONYM_SCORE) for q in queries]


def group_query(schema: tantivy.Schema, group: QueryGroup) -> tantivy.Query:
    """Best of: the user's words (BM25), a synonym (constant), the named domain (constant).

    A disjunction-max, not a sum: a document that says "cybersécurité, pentest, SOC, audit"
    must not outrank one using the user's own word just by piling up synonyms
    (score = max + TIE_BREAKER × the others).
    """
    options = [_fields(schema, group.tokens), *_synonyms(schema, group.alternatives)]
    if group.domains:
        domains = any_term(schema, "domain", list(group.domains))
        options.append(tantivy.Query.const_score_query(domains, DOMAIN_SCORE))
    if len(options) == 1:
        return options[0]
    return tantivy.Query.disjunction_max_query(options, tie_breaker=TIE_BREAKER)


def minimum_should_match(n: int) -> int:
    """How many of `n` query groups a document must match (strict pass)."""
    return n if n <= 2 else n - n // 4


def text_query(
    schema: tantivy.Schema, groups: Sequence[QueryGroup], *, relaxed: bool = False
) -> tantivy.Query | None:
    if not groups:
        return None
    subqueries = [(Should, group_query(schema, g)) for g in groups]
    needed = 1 if relaxed else minimum_should_match(len(groups))
    return tantivy.Query.boolean_query(subqueries, minimum_number_should_match=needed)


def filter_clauses(
    schema: tantivy.Schema, query: SearchQuery
) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Non-scoring clauses: facet filters (must), closed (must not)."""
    out: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for facet, values in sorted(query.filters.items()):
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r} (expected one of {', '.join(FACETS)})")
        accepted = sorted({v for v in values if v})
        if accepted:
            out.append((Must, any_term(schema, facet, accepted)))
    if not query.include_closed:
        out.append((MustNot, tantivy.Query.term_query(schema, "closed", "yes")))
    return out


def combine(
    text: tantivy.Query | None, filters: list[tuple[tantivy.Occur, tantivy.Query]]
) -> tantivy.Query:
    """The text query (scoring) with the filters (non-scoring)."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    if text is not None:
        clauses.append((Must, text))
    for occur, f in filters:
        clauses.append((occur, tantivy.Query.const_score_query(f, 0.0)))
    if not clauses:
        return tantivy.Query.all_query()
    if text is None:
        # A boolean query needs one positive clause (must-not alone matches nothing).
        clauses.append((Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)
