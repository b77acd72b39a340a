"""Facets, filters, radius, pagination and closed organisations."""

from __future__ import annotations

from collections import Counter

import pytest

from maillage.directory.models import MembershipStatus, Organisation
from maillage.search.services import SearchError, organisation_search
from maillage.search.types import FACETS, SearchQuery
from maillage_core.geo import Point, haversine_km

pytestmark = pytest.mark.django_db

CAEN = Point(49.1829, -0.3707)


def all_hits(query: SearchQuery) -> list[int]:
    result = organisation_search(query)
    ids = [h.organisation_id for h in result.hits]
    for page in range(2, result.pages + 1):
        more = organisation_search(
            SearchQuery(**{**query.__dict__, "page": page})  # same query, next page
        )
        ids += [h.organisation_id for h in more.hits]
    return ids


def facet_values(org: Organisation) -> dict[str, list[str]]:
    return {
        "department": [org.department_code],
        "epci": [org.epci_siren],
        "kind": [org.kind],
        "domain": sorted(d.slug for d in org.domains.all()),
        "label": sorted(ol.label_id for ol in org.labels.all()),
        "size_band": [org.size_band] if org.size_band else [],
        "member": ["yes" if org.membership == MembershipStatus.MEMBER else "no"],
    }


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(text=""),
        SearchQuery(text="cybersécurité"),
        SearchQuery(text="numérique", filters={"department": ("14",)}),
        SearchQuery(text="", near_commune="14118", radius_km=30),
    ],
    ids=["all", "cyber", "numerique-14", "radius"],
)
def test_facet_counts_cover_the_whole_result_set(
    directory: dict[str, Organisation], query: SearchQuery
) -> None:
    result = organisation_search(SearchQuery(**{**query.__dict__, "per_page": 5}))
    ids = all_hits(SearchQuery(**{**query.__dict__, "per_page": 5}))
    assert len(ids) == result.total
    expected: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for org in Organisation.objects.filter(id__in=ids):
        for facet, values in facet_values(org).items():
            expected[facet].update(values)
    for facet in FACETS:
        assert dict(result.facets[facet]) == dict(expected[facet]), facet
        counts = [c for _v, c in result.facets[facet]]
        assert counts == sorted(counts, reverse=True)


def test_facet_counts_known_values(directory: dict[str, Organisation]) -> None:
    result = organisation_search(SearchQuery())
    assert result.total == 29  # 30 organisations, one closed
    assert dict(result.facets["department"]) == {"14": 13, "76": 6, "27": 3, "50": 5, "61": 2}
    assert dict(result.facets["kind"])["company"] == 22
    assert dict(result.facets["domain"])["cybersecurite"] == 6  # the closed one is not counted


def test_filters_and_within_or_across(directory: dict[str, Organisation]) -> None:
    both = all_hits(SearchQuery(filters={"department": ("14", "50")}))
    orgs = Organisation.objects.filter(id__in=both)
    assert {o.department_code for o in orgs} == {"14", "50"}
    assert len(both) == 18
    cyber_14 = all_hits(SearchQuery(filters={"department": ("14",), "domain": ("cybersecurite",)}))
    assert {directory["ncd"].id, directory["vigie"].id, directory["greyc"].id} == set(cyber_14)
    members = all_hits(SearchQuery(text="cybersécurité", filters={"member": ("no",)}))
    # Rempart says "cybersécurité" through its domain; Alençon Conformité through RGPD/NIS2.
    assert members == [directory["rempart"].id, directory["alencyber"].id]


def test_unknown_facet_is_refused(directory: dict[str, Organisation]) -> None:
    with pytest.raises(SearchError, match="unknown facet"):
        organisation_search(SearchQuery(filters={"colour": ("bleu",)}))


def test_radius_filter_is_a_circle(directory: dict[str, Organisation]) -> None:
    result = organisation_search(SearchQuery(near_commune="14118", radius_km=10, per_page=50))
    names = {Organisation.objects.get(id=h.organisation_id).name for h in result.hits}
    # Caen and Hérouville-Saint-Clair (4.1 km); Bayeux (≈ 25 km) is out.
    assert "Vigie SOC Normandie" in names
    assert "Ville de Bayeux" not in names
    assert all(h.distance_km is not None and h.distance_km <= 10 for h in result.hits)
    distances = [(h.distance_km, h.organisation_id) for h in result.hits]
    assert distances == sorted(distances)  # no text: nearest first
    wider = organisation_search(SearchQuery(near_commune="14118", radius_km=30, per_page=50))
    assert directory["bayeux"].id in {h.organisation_id for h in wider.hits}
    bayeux = next(h for h in wider.hits if h.organisation_id == directory["bayeux"].id)
    assert bayeux.distance_km == pytest.approx(
        haversine_km(CAEN, Point(49.2765, -0.7025)), abs=0.01
    )


def test_radius_with_text_ranks_by_score(directory: dict[str, Organisation]) -> None:
    result = organisation_search(
        SearchQuery(text="cybersécurité", near_commune="14118", radius_km=30)
    )
    ids = {h.organisation_id for h in result.hits}
    assert ids == {directory[k].id for k in ("ncd", "vigie", "greyc")}
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_distance_reported_without_radius(directory: dict[str, Organisation]) -> None:
    result = organisation_search(SearchQuery(text="Rouen", near_commune="14118"))
    assert result.hits and all(h.distance_km and h.distance_km > 100 for h in result.hits)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (SearchQuery(near_commune="99999", radius_km=5), "commune"),
        (SearchQuery(radius_km=5), "needs a commune"),
        (SearchQuery(near_commune="14118", radius_km=-1), "radius_km"),
        (SearchQuery(page=0), "page"),
        (SearchQuery(per_page=1000), "per_page"),
    ],
)
def test_bad_queries_are_refused(
    directory: dict[str, Organisation], query: SearchQuery, message: str
) -> None:
    with pytest.raises(SearchError, match=message):
        organisation_search(query)


def test_pagination_is_a_partition(directory: dict[str, Organisation]) -> None:
    first = organisation_search(SearchQuery(per_page=7))
    assert (first.total, first.pages) == (29, 5)
    ids = all_hits(SearchQuery(per_page=7))
    assert len(ids) == len(set(ids)) == 29
    names = list(Organisation.objects.filter(id__in=ids).values_list("name", flat=True))
    assert len(names) == 29
    beyond = organisation_search(SearchQuery(per_page=7, page=9))
    assert beyond.hits == [] and beyond.total == 29


def test_text_pagination_keeps_ranking(directory: dict[str, Organisation]) -> None:
    full = [
        h.organisation_id
        for h in organisation_search(SearchQuery(text="numérique", per_page=100)).hits
    ]
    paged = all_hits(SearchQuery(text="numérique", per_page=3))
    assert paged == full


def test_closed_excluded_by_default(directory: dict[str, Organisation]) -> None:
    closed = directory["closed"].id
    assert closed not in all_hits(SearchQuery(text="cybersécurité"))
    with_closed = all_hits(SearchQuery(text="cybersécurité", include_closed=True))
    assert closed in with_closed


def test_no_index_yet_gives_empty_result(db: None) -> None:
    result = organisation_search(SearchQuery(text="cyber"))
    assert result.total == 0 and result.hits == []


def test_radius_edge_is_exact(directory: dict[str, Organisation]) -> None:
    """Hérouville-Saint-Clair is 4.07 km from Caen: out at 4 km, in at 4.2 km (edge cells are
    checked with the exact distance, not taken whole)."""
    vigie = directory["vigie"].id
    near = organisation_search(SearchQuery(near_commune="14118", radius_km=4.0, per_page=50))
    assert vigie not in {h.organisation_id for h in near.hits}
    assert dict(near.facets["department"]) == {"14": near.total}
    wider = organisation_search(SearchQuery(near_commune="14118", radius_km=4.2, per_page=50))
    assert vigie in {h.organisation_id for h in wider.hits}
    assert wider.total == near.total + 2  # the SOC and the robotics firm next door
