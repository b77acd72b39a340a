"""Staff pages: needs list, qualification (profile, suggestions, sending, actions), dashboard."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, Need, Suggestion
from maillage.matching.services import introduction_apply, introductions_send
from maillage.search.services import index_rebuild
from maillage_core.pipeline import Event, State
from tests.web.builders import World, build_world

TEXT = "Nous sommes une PME de Caen, on veut un audit de sécurité et des tests d'intrusion."


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def staff(world: World) -> Client:
    c = Client()
    c.force_login(world.network_staff)
    return c


def _need(world: World, **kw: Any) -> Need:
    fields: dict[str, Any] = {
        "organisation": world.org_b,
        "organisation_name": "Cotentin Numérique",
        "text": TEXT,
        "commune_id": "14118",
        "contact_name": "Hugo Marie",
        "contact_email": "hugo@cotentin.test",
        "consent_at": timezone.now(),
    }
    fields.update(kw)
    return Need.objects.create(**fields)


def test_staff_pages_hidden_from_others(world: World) -> None:
    need = _need(world)
    for url in (
        "/mises-en-relation/",
        "/mises-en-relation/tableau-de-bord/",
        f"/mises-en-relation/besoins/{need.pk}/",
    ):
        assert Client().get(url).status_code == 302
        for user in (world.member_a, world.member_b, world.partner):
            c = Client()
            c.force_login(user)
            assert c.get(url).status_code == 404, (url, user)


def test_needs_list_filters_and_bounded_queries(
    world: World, staff: Client, django_assert_max_num_queries: Any
) -> None:
    for i in range(12):
        _need(world, text=f"{TEXT} Besoin {i}", is_emergency=i % 3 == 0)
    with django_assert_max_num_queries(12):
        page = staff.get("/mises-en-relation/").content.decode()
    assert page.count('href="/mises-en-relation/besoins/') == 12
    page = staff.get("/mises-en-relation/?urgence=oui").content.decode()
    assert page.count("Urgence cyber</span>") == 4
    assert staff.get("/mises-en-relation/?status=nimporte").status_code == 400


def test_need_detail_shows_the_analysis_with_evidence(world: World, staff: Client) -> None:
    need = _need(world)
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    assert "Cybersécurité" in page
    assert "Suggestions pas encore calculées." in page
    assert "hugo@cotentin.test" in page


def test_suggest_then_send_to_two_providers(world: World, staff: Client) -> None:
    index_rebuild()
    # No requester organisation: the builder gives its firms one SIREN, so the engine would
    # exclude them all as the requester's own group.
    need = _need(world, organisation=None)
    staff.post(f"/mises-en-relation/besoins/{need.pk}/suggestions/")
    suggestions = list(Suggestion.objects.filter(need=need).order_by("rank"))
    assert suggestions, "the engine found no provider"
    assert suggestions[0].organisation == world.org_a  # the cyber firm in Caen
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    assert "Cyberdéfense Normande" in page
    assert any(r in page for r in suggestions[0].reasons)
    picked = [s.organisation_id for s in suggestions[:2]]
    response = staff.post(
        f"/mises-en-relation/besoins/{need.pk}/envoi/", {"providers": [str(p) for p in picked]}
    )
    assert response.status_code == 302
    assert sorted(need.introductions.values_list("provider_id", flat=True)) == sorted(picked)
    need.refresh_from_db()
    assert need.status == "sent"
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    assert "déjà sollicité" in page
    assert "envoyée, en attente de réponse" in page


def test_send_refuses_providers_not_suggested(world: World, staff: Client) -> None:
    need = _need(world)
    Suggestion.objects.create(
        need=need, organisation=world.org_a, rank=1, score=0.9, weights_version="t"
    )
    staff.post(f"/mises-en-relation/besoins/{need.pk}/envoi/", {"providers": [str(world.org_b.pk)]})
    assert not Introduction.objects.exists()
    staff.post(f"/mises-en-relation/besoins/{need.pk}/envoi/", {"providers": []})
    assert not Introduction.objects.exists()


def test_profile_correction_is_stored_with_its_author(world: World, staff: Client) -> None:
    need = _need(world)
    staff.post(
        f"/mises-en-relation/besoins/{need.pk}/profil/",
        {"domains": ["cloud", "cybersecurite"], "commune": "Évreux"},
    )
    need.refresh_from_db()
    assert need.profile_corrected_by == world.network_staff
    assert [d["key"] for d in need.profile["domains"]] == ["cloud", "cybersecurite"]
    assert need.profile["place"]["code"] == "27229"
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    assert "corrigée par charge-mission" in page
    assert "Cloud" in page


def test_profile_correction_unknown_commune_changes_nothing(world: World, staff: Client) -> None:
    need = _need(world)
    staff.post(f"/mises-en-relation/besoins/{need.pk}/profil/", {"commune": "Atlantide"})
    need.refresh_from_db()
    assert need.profile == {} and need.profile_corrected_by is None


def test_staff_actions_follow_the_pipeline(world: World, staff: Client) -> None:
    need = _need(world)
    (intro,) = introductions_send(need=need, providers=[world.org_a], actor=None)
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    assert 'value="withdraw"' in page and 'value="accept"' in page
    assert 'value="win"' not in page  # not allowed from "sent"
    action = f"/mises-en-relation/demandes/{intro.pk}/action/"
    staff.post(action, {"event": "meet"})  # forbidden from "sent": refused
    intro.refresh_from_db()
    assert intro.state == State.SENT
    for event in ("accept", "meet", "propose"):
        staff.post(action, {"event": event})
    staff.post(action, {"event": "win", "amount": "12000.50"})
    staff.post(action, {"event": "survey", "satisfaction": "4"})
    staff.post(action, {"event": "close"})
    intro.refresh_from_db()
    need.refresh_from_db()
    assert intro.state == State.CLOSED and intro.satisfaction == 4
    assert intro.contract_amount == Decimal("12000.50")
    assert need.status == "closed"


def test_dashboard_figures_and_svg_charts(world: World, staff: Client) -> None:
    now = timezone.now()
    a = _need(world)
    b = _need(world, organisation=world.org_a, text=f"{TEXT} autre")
    (ia,) = introductions_send(
        need=a, providers=[world.org_a], actor=None, now=now - timedelta(days=5)
    )
    (ib,) = introductions_send(need=b, providers=[world.org_b], actor=None, now=now)
    introduction_apply(
        introduction=ib, event=Event.ACCEPT, actor=None, now=now + timedelta(hours=2)
    )
    introduction_apply(introduction=ib, event=Event.PROPOSE, actor=None, now=now)
    introduction_apply(
        introduction=ib, event=Event.WIN, actor=None, now=now, amount=Decimal("25000")
    )
    page = staff.get("/mises-en-relation/tableau-de-bord/").content.decode()
    assert page.count('<svg class="bars" role="img"') == 3
    assert "dont 1 sans réponse depuis plus de 3 jours" in page  # ia is 5 days old
    assert re.search(r"25[\s\u202f\xa0.,]?000 €", page)
    assert "2.0 h" in page or "2,0 h" in page  # median time to first answer
    assert "100 %" in page  # 1 contract out of 1 accepted
    assert f"n°{ia.need_id}" in page  # the oldest waiting one is listed


def test_need_detail_and_dashboard_queries_are_bounded(
    world: World, staff: Client, django_assert_max_num_queries: Any
) -> None:
    need = _need(world, organisation=None)
    for rank, org in enumerate(world.organisations[:10], start=1):
        Suggestion.objects.create(
            need=need, organisation=org, rank=rank, score=1.0 / rank, weights_version="t"
        )
    intros = introductions_send(need=need, providers=world.organisations[:3], actor=None)
    for intro in intros:
        introduction_apply(introduction=intro, event=Event.ACCEPT, actor=world.network_staff)
    with django_assert_max_num_queries(25):
        assert staff.get(f"/mises-en-relation/besoins/{need.pk}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert staff.get("/mises-en-relation/tableau-de-bord/").status_code == 200


def test_ranking_follows_the_staff_correction(world: World, staff: Client) -> None:
    index_rebuild()
    need = _need(world, organisation=None, text="Nous cherchons un prestataire pour notre projet.")
    staff.post(
        f"/mises-en-relation/besoins/{need.pk}/profil/",
        {"domains": ["web"], "commune": "Cherbourg-en-Cotentin"},
    )
    staff.post(f"/mises-en-relation/besoins/{need.pk}/suggestions/")
    top = Suggestion.objects.filter(need=need).order_by("rank").first()
    assert top is not None and top.organisation == world.org_b  # the web agency in Cherbourg
    need.refresh_from_db()
    assert [d["key"] for d in need.profile["domains"]] == ["web"]  # the correction is kept


def test_ids_above_999_are_not_localised_in_forms(world: World, staff: Client) -> None:
    """USE_THOUSAND_SEPARATOR would write 4321 as "4 321" in a checkbox value."""
    org = Organisation.objects.create(pk=4321, name="Agence 4321", source="test", external_id="x")
    need = _need(world, pk=12345, organisation=None)
    Suggestion.objects.create(need=need, organisation=org, rank=1, score=1.0, weights_version="t")
    page = staff.get("/mises-en-relation/besoins/12345/").content.decode()
    assert 'value="4321"' in page and "Besoin n°12345" in page
    staff.post("/mises-en-relation/besoins/12345/envoi/", {"providers": ["4321"]})
    (intro,) = Introduction.objects.filter(need=need)
    page = staff.get("/mises-en-relation/besoins/12345/").content.decode()
    assert f'action="/mises-en-relation/demandes/{intro.pk}/action/"' in page


def test_need_page_lists_aids_that_could_fund_it(world: World, staff: Client) -> None:
    from pathlib import Path

    from maillage.funding.services import calls_import

    appels = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app" / "appels.csv"
    calls_import(format_name="csv", data=appels.read_bytes(), source_label="t")
    need = _need(world)
    page = staff.get(f"/mises-en-relation/besoins/{need.pk}/").content.decode()
    section = page.split('id="t-aides"')[1].split("</section>")[0]
    assert "cyber" in section.lower()
    assert "Aucun appel ouvert" not in section
