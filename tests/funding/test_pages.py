"""Pages and API through HTTP: facets, eligibility on the call page, follow, application
status updates, staff pages, access rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from maillage.funding.models import Application, CallStatus, FollowedCall, FundingCall
from maillage.funding.services import call_update_by_staff, calls_import
from tests.web.builders import World, build_world

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"


@pytest.fixture
def world() -> World:
    w = build_world()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")
    return w


def _client(user: object | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]  # a User from the builders
    return client


def test_search_facets_and_empty_state(world: World) -> None:
    client = _client()
    page = client.get("/aides/").content.decode()
    assert "Chèque numérique Manche" in page and "Numérique" in page
    filtered = client.get("/aides/?ouvert=on&theme=ia").content.decode()
    assert "Accompagnement IA Calvados" in filtered and "Chèque numérique" not in filtered
    assert "Prime export 2020" not in client.get("/aides/?ouvert=on").content.decode()
    closing = client.get("/aides/?cloture_30j=on").content.decode()
    assert "Aucun appel ne correspond" in closing
    by_place = client.get("/aides/?perimetre=14118").content.decode()
    assert "Accompagnement IA Calvados" in by_place and "Chèque numérique" not in by_place
    assert (
        "Chèque"
        in client.get("/aides/?financeur=Conseil départemental de la Manche").content.decode()
    )
    assert client.get("/aides/?perimetre=xyz").status_code == 400


def test_eligibility_through_the_call_page(world: World) -> None:
    manche = FundingCall.objects.get(external_id="manche-num")
    # org_a is in Caen (Calvados): not eligible for a Manche call; org_b in Cherbourg is
    page_a = _client(world.member_a).get(f"/aides/{manche.pk}/").content.decode()
    page_b = _client(world.member_b).get(f"/aides/{manche.pk}/").content.decode()
    assert "Non éligible" in page_a and "Manche" in page_a
    assert "Éligible" in page_b or "À vérifier" in page_b
    assert "Non éligible" not in page_b
    assert "Connectez-vous" in _client().get(f"/aides/{manche.pk}/").content.decode()


def test_follow_apply_and_update_status(world: World) -> None:
    call = FundingCall.objects.get(external_id="cyber-norm")
    client = _client(world.member_a)
    assert client.post(f"/aides/{call.pk}/suivre/").status_code == 302
    assert FollowedCall.objects.filter(user=world.member_a, call=call).exists()
    response = client.post(
        f"/aides/{call.pk}/candidature/",
        {"organisation": world.org_a.pk, "amount_requested": 20000},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    url = f"/aides/candidatures/{application.pk}/"
    # preparing → obtained is not allowed; → submitted → obtained with an amount is
    client.post(url, {"status": "obtained", "amount_obtained": 1})
    application.refresh_from_db()
    assert application.status == "preparing"
    client.post(url, {"status": "submitted"})
    client.post(url, {"status": "obtained", "amount_obtained": 15000})
    application.refresh_from_db()
    assert (application.status, application.amount_obtained) == ("obtained", 15000)
    # member B may not touch A's application, nor apply for A's organisation
    other = _client(world.member_b)
    assert other.post(url, {"status": "abandoned"}).status_code == 404
    assert (
        other.post(f"/aides/{call.pk}/candidature/", {"organisation": world.org_a.pk}).status_code
        == 404
    )
    watch = client.get("/aides/veille/").content.decode()
    assert "obtenue" in watch and call.title in watch
    stats = _client(world.network_staff).get("/aides/gestion/resultats/").content.decode()
    assert "15\u202f000 €" in stats and "100 %" in stats


def test_staff_pages_and_hidden_calls(world: World) -> None:
    call = FundingCall.objects.get(external_id="ia-calvados")
    call_update_by_staff(call=call, changes={"status": CallStatus.TO_REVIEW})
    assert _client().get(f"/aides/{call.pk}/").status_code == 404
    assert _client(world.network_staff).get(f"/aides/{call.pk}/").status_code == 200
    assert _client().get(f"/api/v1/calls/{call.pk}").status_code == 404
    assert _client(world.member_a).get("/aides/gestion/relecture/").status_code == 404
    assert _client(world.network_staff).get("/aides/gestion/relecture/").status_code == 200


def test_api_filters_and_detail(world: World) -> None:
    client = _client()
    data = client.get("/api/v1/calls?open=true&theme=numerique&perimeter=50502").json()
    assert {r["external_id"] for r in data["results"]} == {"cyber-norm", "manche-num"}
    one = client.get(f"/api/v1/calls/{data['results'][0]['id']}").json()
    assert one["perimeter"]["kind"] in {"region", "departement"}
    assert client.get("/api/v1/calls?perimeter=abc").status_code == 422
    assert client.get("/api/v1/calls/0").status_code == 422
    assert client.get("/api/v1/calls/99999").status_code == 404


def test_search_summary_cache_never_serves_a_stale_page(world: World) -> None:
    client = _client()
    assert "Chèque numérique Manche" in client.get("/aides/?theme=numerique").content.decode()
    call = FundingCall.objects.get(external_id="manche-num")
    call_update_by_staff(call=call, changes={"title": "Chèque numérique relu"})
    page = client.get("/aides/?theme=numerique").content.decode()
    assert "Chèque numérique relu" in page and "Chèque numérique Manche" not in page
    call_update_by_staff(call=call, changes={"status": CallStatus.ARCHIVED})
    page = client.get("/aides/?theme=numerique").content.decode()
    assert "Chèque numérique relu" not in page


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_search_page_queries_do_not_grow_with_results(world: World) -> None:
    from django.core.cache import cache

    client = _client(world.member_a)
    cache.clear()
    few = _queries(client, "/aides/")
    rows = "\n".join(
        f"x{i},Appel numérique {i},https://example.org/x{i},Texte,Financeur {i},subvention,,"
        f"ponctuelle,31/12/2099,entreprise,france,numerique,"
        for i in range(40)
    )
    header = (APP / "appels.csv").read_text().splitlines()[0]
    calls_import(format_name="csv", data=f"{header}\n{rows}\n", source="more", source_label="m")
    cache.clear()
    many = _queries(client, "/aides/")
    assert many == few <= 12


def test_a_javascript_url_is_never_a_link(world: World) -> None:
    call = FundingCall.objects.get(external_id="manche-num")
    call_update_by_staff(call=call, changes={"url": "javascript:alert(1)", "title": "<b>x</b>"})
    page = _client().get(f"/aides/{call.pk}/").content.decode()
    assert "javascript:alert" not in page
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_apply_works_for_organisation_ids_above_999(world: World) -> None:
    """On PostgreSQL ids grow past 999; a localised "4 321" in the form would be refused."""
    from maillage.accounts.models import OrganisationMembership
    from maillage.directory.models import MembershipStatus, Organisation

    org = Organisation.objects.create(
        pk=4321,
        name="Agence 4321",
        source="t",
        external_id="4321",
        membership=MembershipStatus.MEMBER,
    )
    OrganisationMembership.objects.create(user=world.member_b, organisation=org)
    call = FundingCall.objects.order_by("pk").first()
    assert call is not None
    client = _client(world.member_b)
    assert 'value="4321"' in client.get(f"/aides/{call.pk}/").content.decode()
    response = client.post(f"/aides/{call.pk}/candidature/", {"organisation": "4321"})
    assert response.status_code == 302
    assert Application.objects.filter(organisation=org, call=call).exists()
