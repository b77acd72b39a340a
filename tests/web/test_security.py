"""Site-wide guards of the security middleware: NUL characters, CSP, no-store."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.builders import World


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations?near=Ca%00en",
        "/api/v1/organisations?q=cy%00ber",
        "/api/v1/communes?q=Ca%00en",
        "/api/v1/rome?q=de%00v",
        "/annuaire/?pres_de=Ca%00en",
        "/annuaire/?q=cy%00ber",
    ],
)
def test_nul_characters_are_refused_with_400(client: Client, world: World, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()
    assert "Content-Security-Policy" in response.headers


def test_nul_in_a_json_body_is_refused(client: Client, world: World) -> None:
    response = client.post(
        "/api/v1/organisations", data='{"q": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_ordinary_requests_pass(client: Client, world: World) -> None:
    assert client.get("/annuaire/?q=cybers%C3%A9curit%C3%A9").status_code == 200
