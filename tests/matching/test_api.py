"""API v1 matchmaking routes: create a need, read your own, match (rate-limited), answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, Need
from maillage.matching.services import introductions_send
from maillage.search.services import index_rebuild
from maillage_core.pipeline import State
from tests.web.builders import World, build_world

TEXT = "Notre PME de Caen cherche un audit de sécurité et des tests d'intrusion."


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def _client(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def _payload(**kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": TEXT,
        "contact_name": "Dominique Martin",
        "contact_email": "d.martin@exemple.test",
        "consent": True,
        "organisation_name": "Métallerie",
        "commune": "14118",
    }
    data.update(kw)
    return data


def test_create_need(world: World) -> None:
    response = _post(_client(), "/api/v1/needs", _payload())
    assert response.status_code == 201
    body = response.json()
    need = Need.objects.get(pk=body["id"])
    assert need.commune_id == "14118" and body["status"] == "submitted"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": False}, "Votre accord est nécessaire"),
        ({"text": "IA"}, "quelques mots de plus"),
        ({"siret": "12345678901234"}, "SIRET"),
        ({"commune": "Atlantide"}, "Commune inconnue"),
        ({"contact_email": "pas-une-adresse"}, "e-mail"),
    ],
)
def test_create_refusals_are_400_in_french(
    world: World, overrides: dict[str, Any], message: str
) -> None:
    response = _post(_client(), "/api/v1/needs", _payload(**overrides))
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Need.objects.exists()


def test_create_with_nul_character_refused(world: World) -> None:
    # Refused by the service (JSON detail) or, on PostgreSQL, earlier by the NUL guard.
    response = _post(_client(), "/api/v1/needs", _payload(text="a\x00b c d e"))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_create_malformed_is_4xx(world: World) -> None:
    c = _client()
    assert c.post("/api/v1/needs", "{not json", content_type="application/json").status_code in {
        400,
        422,
    }
    assert _post(c, "/api/v1/needs", {"text": TEXT}).status_code == 422
    assert _post(c, "/api/v1/needs", _payload(text="x" * 6000)).status_code == 422


def test_read_own_need_only(world: World) -> None:
    need = Need.objects.create(
        organisation=world.org_b,
        text=TEXT,
        contact_name="Hugo",
        contact_email="hugo@cotentin.test",
        consent_at=timezone.now(),
    )
    introductions_send(need=need, providers=[world.org_a], actor=None)
    body = _client(world.member_b).get(f"/api/v1/needs/{need.pk}").json()
    assert body["id"] == need.pk and body["introductions"][0]["state"] == "sent"
    assert "contact_email" not in body
    assert _client(world.member_a).get(f"/api/v1/needs/{need.pk}").status_code == 404
    assert _client().get(f"/api/v1/needs/{need.pk}").status_code == 401
    assert _client(world.network_staff).get(f"/api/v1/needs/{need.pk}").status_code == 200
    assert _client(world.member_b).get("/api/v1/needs/0").status_code == 422
    assert _client(world.member_b).get("/api/v1/needs/abc").status_code == 422


def test_match_returns_public_fields_with_reasons(world: World) -> None:
    index_rebuild()
    response = _client().get("/api/v1/match", {"q": TEXT, "commune": "14118", "limit": "5"})
    assert response.status_code == 200
    rows = response.json()
    assert rows and len(rows) <= 5
    assert set(rows[0]) == {
        "id",
        "external_id",
        "siret",
        "name",
        "score",
        "distance_km",
        "reasons",
    }
    assert "Cyberdéfense Normande" in [r["name"] for r in rows]
    assert all(isinstance(r["reasons"], list) for r in rows)
    assert "camille" not in response.content.decode().lower()  # never contacts


def test_match_bad_input_is_4xx(world: World) -> None:
    c = _client()
    assert c.get("/api/v1/match").status_code == 422
    assert c.get("/api/v1/match", {"q": "x" * 3000}).status_code == 422
    assert c.get("/api/v1/match", {"q": TEXT, "limit": "0"}).status_code == 422
    assert c.get("/api/v1/match", {"q": TEXT, "commune": "99999"}).status_code == 400
    # Caen (14118) given with the Eure: an inconsistent pair is refused, saying why.
    response = c.get("/api/v1/match", {"q": TEXT, "commune": "14118", "department": "27"})
    assert response.status_code == 400
    assert "pas dans le département 27" in response.json()["detail"]
    # The same commune with its own département is fine: the most precise place wins.
    both = c.get("/api/v1/match", {"q": TEXT, "commune": "14118", "department": "14"})
    assert both.status_code == 200
    assert c.get("/api/v1/match", {"q": "!!! ???"}).status_code in {200, 400}


@override_settings(MATCH_RATE_PER_MINUTE=3)
def test_match_is_rate_limited_per_address(world: World) -> None:
    c = _client()
    codes = [c.get("/api/v1/match", {"q": "site marchand"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/api/v1/match", {"q": "site marchand"}).status_code == 200


@pytest.fixture
def sent(world: World) -> Introduction:
    need = Need.objects.create(
        organisation=world.org_b,
        text=TEXT,
        contact_name="Hugo",
        contact_email="hugo@cotentin.test",
        consent_at=timezone.now(),
    )
    (intro,) = introductions_send(need=need, providers=[world.org_a], actor=None)
    return intro


def test_provider_accepts_through_the_api(world: World, sent: Introduction) -> None:
    url = f"/api/v1/introductions/{sent.pk}/accept"
    assert _client().post(url).status_code == 401
    assert _client(world.member_b).post(url).status_code == 404
    assert _client(world.network_staff).post(url).status_code == 404  # providers only
    response = _client(world.member_a).post(url)
    assert response.status_code == 200
    assert response.json()["state"] == State.ACCEPTED
    again = _client(world.member_a).post(f"/api/v1/introductions/{sent.pk}/decline")
    assert again.status_code == 409
    assert "impossible" in again.json()["detail"]


def test_api_writes_check_csrf_for_sessions(world: World, sent: Introduction) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member_a)
    response = client.post(f"/api/v1/introductions/{sent.pk}/decline")
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_schema_lists_the_matching_routes(world: World) -> None:
    paths = _client().get("/api/v1/openapi.json").json()["paths"]
    for p in (
        "/api/v1/needs",
        "/api/v1/needs/{need_id}",
        "/api/v1/match",
        "/api/v1/introductions/{introduction_id}/accept",
        "/api/v1/introductions/{introduction_id}/decline",
    ):
        assert p in paths, p


def test_match_with_a_stale_index_is_empty_not_an_error(world: World) -> None:
    index_rebuild()
    Organisation.objects.all().delete()  # the index still holds their ids
    response = _client().get("/api/v1/match", {"q": TEXT})
    assert response.status_code == 200 and response.json() == []
