"""Pages through the test client: home, search with facets and pagination, organisation page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.builders import World


def test_home_shows_key_figures_and_search_box(client: Client, world: World) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    assert "26</span> organisations" in html  # the closed one is not counted
    assert "Données de démonstration" not in html


def test_demo_banner_appears_with_demo_data(client: Client, world: World) -> None:
    world.org_b.is_demo = True
    world.org_b.save()
    assert "Données de démonstration" in client.get("/").content.decode()


def test_search_page_renders_facets_counts_and_pagination(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        response = client.get("/annuaire/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>26</strong> résultats" in html
    assert "page 1 sur 2" in html
    # facet checkboxes with labels and counts
    assert 'name="department" value="14"' in html
    assert "Calvados (14)" in html
    assert 'name="domain" value="cybersecurite"' in html
    assert 'name="member" value="yes"' in html
    assert 'aria-label="Page 2"' in html
    page2 = client.get("/annuaire/", {"page": 2})
    assert page2.status_code == 200
    assert 'aria-current="page" class="current">2<' in page2.content.decode()


def test_facet_filter_narrows_results(client: Client, world: World) -> None:
    html = client.get("/annuaire/", {"department": "50"}).content.decode()
    assert "résultats" in html
    assert "Cotentin Numérique" in html
    assert "Cyberdéfense Normande" not in html
    assert 'name="department" value="50" id="f-department-50" checked' in html


def test_text_search_finds_by_domain_word(client: Client, world: World) -> None:
    html = client.get("/annuaire/", {"q": "cybersecurite"}).content.decode()
    assert "Cyberdéfense Normande" in html
    assert "Agence Web Normandie 01" not in html


def test_near_filter_accepts_name_or_insee(client: Client, world: World) -> None:
    by_name = client.get("/annuaire/", {"pres_de": "evreux", "rayon": "20"}).content.decode()
    by_code = client.get("/annuaire/", {"pres_de": "27229", "rayon": "20"}).content.decode()
    for html in (by_name, by_code):
        assert "Data Seine Analytics" in html
        assert "Cyberdéfense Normande" not in html
        assert "à moins de 20 km de Évreux (27)" in html


def test_unknown_commune_is_a_clear_400(client: Client, world: World) -> None:
    response = client.get("/annuaire/", {"pres_de": "Atlantide"})
    assert response.status_code == 400
    assert "Commune inconnue" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "0"}, {"rayon": "-3", "pres_de": "Caen"}, {"kind": "<script>"}],
)
def test_malformed_search_is_400_not_500(
    client: Client, world: World, params: dict[str, str]
) -> None:
    assert client.get("/annuaire/", params).status_code == 400


def test_empty_state(client: Client, world: World) -> None:
    html = client.get("/annuaire/", {"q": "zzzqqqxxx"}).content.decode()
    assert "Aucune organisation ne correspond" in html


def test_organisation_page_identity_and_map(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        response = client.get(f"/annuaire/{world.org_a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "12345678000000" in html
    assert "62.02A" in html and "Conseil en systèmes et logiciels informatiques" in html
    assert "20 à 49 salariés" in html
    assert "Société par actions simplifiée (SAS)" in html
    assert "ExpertCyber" in html and "31 décembre 2027" in html
    assert "Analyste en cybersécurité" in html
    assert "Normandie" in html  # head-office region
    assert "<svg" in html and 'role="img"' in html
    assert "Cherbourg" not in html  # the map shows Calvados only
    assert "Bayeux" in html


def test_contacts_hidden_from_anonymous_and_other_members(client: Client, world: World) -> None:
    url = f"/annuaire/{world.org_a.pk}/"
    assert "camille.lefevre@cyberdefense.test" not in client.get(url).content.decode()
    client.force_login(world.member_b)
    assert "camille.lefevre@cyberdefense.test" not in client.get(url).content.decode()
    client.force_login(world.partner)
    assert "camille.lefevre@cyberdefense.test" not in client.get(url).content.decode()


def test_contacts_shown_to_own_members_and_network_staff(client: Client, world: World) -> None:
    url = f"/annuaire/{world.org_a.pk}/"
    for user in (world.member_a, world.network_staff):
        client.force_login(user)
        assert "camille.lefevre@cyberdefense.test" in client.get(url).content.decode()


def test_closed_organisation_is_404_for_public(client: Client, world: World) -> None:
    assert client.get(f"/annuaire/{world.closed.pk}/").status_code == 404
    client.force_login(world.network_staff)
    assert client.get(f"/annuaire/{world.closed.pk}/").status_code == 200


def test_huge_id_is_404(client: Client, world: World) -> None:
    assert client.get("/annuaire/99999999999999999999999/").status_code == 404


def test_filtered_facet_still_offers_its_other_values(client: Client, world: World) -> None:
    html = client.get("/annuaire/", {"department": "14"}).content.decode()
    assert 'name="department" value="14" id="f-department-14" checked' in html
    assert 'name="department" value="50"' in html  # Manche can still be added (OR)
    assert 'name="department" value="27"' in html


def test_near_accepts_name_with_department(client: Client, world: World) -> None:
    ok = client.get("/annuaire/", {"pres_de": "Évreux (27)", "rayon": "20"})
    assert ok.status_code == 200 and "Data Seine Analytics" in ok.content.decode()
    assert client.get("/annuaire/", {"pres_de": "Évreux (14)"}).status_code == 400
