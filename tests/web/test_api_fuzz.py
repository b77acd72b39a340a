"""Schemathesis over the OpenAPI schema: whatever the input, the API never answers 5xx.

Cases are generated from the live schema and sent through Django's test client (same thread,
same test transaction as the `world` data).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from maillage.api import api
from tests.web.builders import World

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_5xx(case: Any, world: World) -> None:
    query = urlencode(case.query or {}, doseq=True)
    url = case.formatted_path + (f"?{query}" if query else "")
    response = Client().get(url, headers=case.headers or {})
    assert response.status_code < 500, (url, response.content[:300])
    if response.status_code < 300:
        assert response.headers["Content-Type"].startswith("application/json")
