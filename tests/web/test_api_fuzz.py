"""Schemathesis over the OpenAPI schema: whatever the input, the API never answers 5xx.

Cases are generated from the live schema and sent through Django's test client (same thread,
same test transaction as the `world` data).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import schemathesis
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.core import NotSet

from maillage.api import api
from tests.web.builders import World

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


def _encode(body: Any) -> bytes | str:
    if isinstance(body, bytes):
        return body
    return json.dumps(body, default=lambda b: b.decode("latin-1"))


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_5xx(case: Any, world: World) -> None:
    query = urlencode(case.query or {}, doseq=True)
    url = case.formatted_path + (f"?{query}" if query else "")
    cache.clear()  # rate-limit counters live in the cache; fuzzing must not trip them for others
    has_body = case.body is not None and not isinstance(case.body, NotSet)
    response = Client().generic(
        case.method.upper(),
        url,
        data=_encode(case.body) if has_body else "",
        content_type=(case.media_type if has_body else None) or "application/json",
        headers=case.headers or {},
    )
    assert response.status_code < 500, (url, response.content[:300])
    if response.status_code < 300:
        assert response.headers["Content-Type"].startswith("application/json")
