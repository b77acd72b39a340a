"""REST API v1: search, detail, communes, ROME, OpenAPI and offline docs, 4xx on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from maillage.opendata.models import RomeAppellation, RomeFiche
from maillage.opendata.text import fold
from tests.web.builders import World


def test_search_returns_public_fields_and_facets(client: Client, world: World) -> None:
    response = client.get("/api/v1/organisations", {"department": "14"})
    assert response.status_code == 200
    body = response.json()
    names = {r["name"] for r in body["results"]}
    assert "Cyberdéfense Normande" in names and "Cotentin Numérique" not in names
    assert body["total"] == len([o for o in world.organisations if o.department_code == "14"]) - 1
    assert {"value": "14", "label": "Calvados (14)", "count": body["total"]} in body["facets"][
        "department"
    ]
    raw = response.content.decode()
    assert "camille.lefevre" not in raw and "contacts" not in raw


def test_search_text_near_and_pages(client: Client, world: World) -> None:
    body = client.get("/api/v1/organisations", {"q": "site marchand"}).json()
    assert body["results"][0]["name"] == "Cotentin Numérique"
    near = client.get("/api/v1/organisations", {"near": "Caen", "radius_km": "15"}).json()
    assert near["total"] > 0
    assert all(r["distance_km"] is not None and r["distance_km"] <= 15 for r in near["results"])
    page2 = client.get("/api/v1/organisations", {"page": 2}).json()
    assert page2["page"] == 2 and page2["pages"] == 2 and len(page2["results"]) == 6


def test_search_multiple_values_is_or_inside_a_facet(client: Client, world: World) -> None:
    one = client.get("/api/v1/organisations?department=14").json()["total"]
    two = client.get("/api/v1/organisations?department=14&department=50").json()["total"]
    both = client.get("/api/v1/organisations?department=14&member=yes").json()["total"]
    assert two > one > both > 0


def test_detail_and_404(client: Client, world: World) -> None:
    body = client.get(f"/api/v1/organisations/{world.org_a.pk}").json()
    assert body["siret"] == "12345678000000"
    assert [lbl["slug"] for lbl in body["labels"]] == ["expertcyber", "passi"]
    assert "contacts" not in body
    assert client.get(f"/api/v1/organisations/{world.closed.pk}").status_code == 404
    assert client.get("/api/v1/organisations/987654321").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations?page=0",
        "/api/v1/organisations?page=abc",
        "/api/v1/organisations?per_page=1000",
        "/api/v1/organisations?radius_km=-4&near=Caen",
        "/api/v1/organisations?near=Atlantide",
        "/api/v1/organisations?kind=%3Cscript%3E",
        "/api/v1/organisations?q=" + "x" * 300,
        "/api/v1/organisations/0",
        "/api/v1/organisations/abc",
        "/api/v1/organisations/99999999999999999999999",
        "/api/v1/communes",
        "/api/v1/communes/ABCDE",
        "/api/v1/communes/1411",
        "/api/v1/rome",
        "/api/v1/rome?q=a",
    ],
)
def test_malformed_requests_are_4xx(client: Client, world: World, url: str) -> None:
    status = client.get(url).status_code
    assert 400 <= status < 500, (url, status)


def test_communes(client: Client, world: World) -> None:
    body = client.get("/api/v1/communes", {"q": "evreu"}).json()
    assert [c["insee"] for c in body] == ["27229"]
    assert body[0]["epci_name"] == "CA Évreux Portes de Normandie"
    detail = client.get("/api/v1/communes/14118").json()
    assert detail["name"] == "Caen" and detail["department_code"] == "14"
    assert client.get("/api/v1/communes/75056").status_code == 404
    assert client.get("/api/v1/communes", {"q": "14118"}).json()[0]["name"] == "Caen"


def test_rome(client: Client, db: Any) -> None:
    fiche = RomeFiche.objects.create(
        code="M1844",
        label="Analyste en cybersécurité",
        label_folded=fold("Analyste en cybersécurité"),
    )
    RomeAppellation.objects.create(
        code="38000",
        label="Pentesteur / Pentesteuse",
        label_folded=fold("Pentesteur / Pentesteuse"),
        fiche=fiche,
    )
    assert client.get("/api/v1/rome", {"q": "cybersecurite"}).json() == [
        {"code": "M1844", "label": "Analyste en cybersécurité"}
    ]
    assert client.get("/api/v1/rome", {"q": "pentesteur"}).json()[0]["code"] == "M1844"
    assert client.get("/api/v1/rome", {"q": "m1844"}).json()[0]["code"] == "M1844"


def test_openapi_schema_lists_every_endpoint(client: Client, db: Any) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) >= {
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}",
        "/api/v1/communes",
        "/api/v1/communes/{insee}",
        "/api/v1/rome",
    }


def test_docs_page_works_offline(client: Client, db: Any) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "Content-Security-Policy" not in response.headers
    # the bundled asset is really served (WhiteNoise / staticfiles finders)
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js")
