"""The contract between the search index and its callers (pages, API, CLI, matchmaking).

Callers build a `SearchQuery`, call `maillage.search.services.organisation_search`, and get
ids with scores and facet counts; they load the rows they display through the directory's
selectors, so the database stays the source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Facet names, in the order pages show them; values are the stored codes.
FACETS: tuple[str, ...] = (
    "department",  # département code, e.g. "14"
    "epci",  # EPCI SIREN
    "kind",  # OrganisationKind value
    "domain",  # Domain slug
    "label",  # Label slug
    "size_band",  # INSEE tranche code
    "member",  # "yes" / "no"
)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # facet name -> accepted values (OR inside a facet, AND across facets)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    near_commune: str | None = None  # INSEE code of the centre of a radius filter
    radius_km: float | None = None
    include_closed: bool = False
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchHit:
    organisation_id: int
    score: float
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    # facet name -> [(value, count)], counts computed over the whole result set
    facets: dict[str, list[tuple[str, int]]]
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
