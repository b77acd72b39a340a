"""Role × route × object access matrix, and a guard that every URL pattern is in it.

Roles: anonymous, a member of organisation A, a member of organisation B, network staff,
programme staff, partner. Objects: organisation A (active, with contacts), B, and a closed
establishment. Every route of `config.urls` must appear in MATRIX (the admin as one prefix group);
a new route without a row fails `test_every_route_is_in_the_matrix`. Apps add the rows of their
own routes in `tests/<app>/access_rows.py` (see `tests/web/access_cases.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from maillage.search.services import index_rebuild
from tests.web.access_cases import ROLES, Case, everyone, only
from tests.web.builders import World, build_world

ADMIN_PREFIX = "back-office/"


MATRIX: dict[str, list[Case]] = {
    "": [Case("home", lambda w: "/", everyone(200))],
    "annuaire/": [
        Case("search", lambda w: "/annuaire/?q=cyber&department=14", everyone(200)),
        Case("search-bad-page", lambda w: "/annuaire/?page=-1", everyone(400)),
    ],
    "annuaire/<int:organisation_id>/": [
        Case("org-a", lambda w: f"/annuaire/{w.org_a.pk}/", everyone(200)),
        Case("org-b", lambda w: f"/annuaire/{w.org_b.pk}/", everyone(200)),
        Case("closed", lambda w: f"/annuaire/{w.closed.pk}/", only({"network_staff"}, 200, 404)),
        Case("missing", lambda w: "/annuaire/987654321/", everyone(404)),
    ],
    "compte/connexion/": [
        # signed-in users are sent on (redirect_authenticated_user)
        Case("login", lambda w: "/compte/connexion/", only({"anonymous"}, 200, 302)),
    ],
    "compte/deconnexion/": [
        Case("logout-get", lambda w: "/compte/deconnexion/", everyone(405)),
        Case("logout-post", lambda w: "/compte/deconnexion/", everyone(302), method="post"),
    ],
    "mises-en-relation/reponse/<str:token>/": [
        Case("unknown-token", lambda w: "/mises-en-relation/reponse/inconnu/", everyone(404)),
    ],
    "api/v1/openapi.json": [Case("openapi", lambda w: "/api/v1/openapi.json", everyone(200))],
    "api/v1/docs": [Case("docs", lambda w: "/api/v1/docs", everyone(200))],
    "api/v1/": [Case("api-root", lambda w: "/api/v1/", everyone(404))],
    "api/v1/organisations": [
        Case("api-search", lambda w: "/api/v1/organisations?q=web", everyone(200)),
        Case("api-search-bad", lambda w: "/api/v1/organisations?page=0", everyone(422)),
    ],
    "api/v1/organisations/<organisation_id>": [
        Case("api-org-a", lambda w: f"/api/v1/organisations/{w.org_a.pk}", everyone(200)),
        Case(
            "api-closed",
            lambda w: f"/api/v1/organisations/{w.closed.pk}",
            only({"network_staff"}, 200, 404),
        ),
    ],
    "api/v1/communes": [Case("communes", lambda w: "/api/v1/communes?q=caen", everyone(200))],
    "api/v1/communes/<insee>": [
        Case("commune", lambda w: "/api/v1/communes/14118", everyone(200)),
        Case("commune-missing", lambda w: "/api/v1/communes/99999", everyone(404)),
    ],
    "api/v1/rome": [Case("rome", lambda w: "/api/v1/rome?q=dev", everyone(200))],
    ADMIN_PREFIX: [
        Case("admin-index", lambda w: "/back-office/", only({"network_staff"}, 200, 302)),
        Case(
            "admin-users",
            lambda w: "/back-office/auth/user/",
            # staff without the view permission get 403; everybody else is sent to log in
            only({"network_staff"}, 403, 302),
        ),
        Case(
            "admin-organisations",
            lambda w: "/back-office/directory/organisation/",
            only({"network_staff"}, 200, 302),
        ),
        Case(
            "admin-organisation-a",
            lambda w: f"/back-office/directory/organisation/{w.org_a.pk}/change/",
            only({"network_staff"}, 200, 302),
        ),
        Case(
            "admin-login",
            lambda w: "/back-office/login/",
            only({"network_staff"}, 302, 200),
        ),
    ],
}


TESTS = Path(__file__).resolve().parent
PREPARE: list[Callable[[World], None]] = []


def _load_app_rows() -> None:
    """Merge the rows other apps declare in `tests/<app>/access_rows.py` (see access_cases)."""
    for path in sorted(TESTS.glob("*/access_rows.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access_rows")
        for route, cases in module.ROWS.items():
            MATRIX[route] = list(cases)  # the app's own rows win over a placeholder here
        if hasattr(module, "prepare"):
            PREPARE.append(module.prepare)


_load_app_rows()


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def test_every_route_is_in_the_matrix() -> None:
    routes = set(_routes(get_resolver().url_patterns))
    missing = sorted(r for r in routes if r not in MATRIX and not r.startswith(ADMIN_PREFIX))
    assert not missing, (
        f"routes missing from the access matrix: {missing} — declare their expected status per "
        "role in tests/<app>/access_rows.py (see tests/web/access_cases.py)"
    )
    stale = sorted(r for r in MATRIX if r != ADMIN_PREFIX and r not in routes)
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


@pytest.fixture
def world(db: Any) -> World:
    # Rate limits keep their counters in the cache: start every matrix row from zero.
    cache.clear()
    w = build_world()
    for prepare in PREPARE:
        prepare(w)
    index_rebuild()
    return w


def _user(world: World, role: str) -> User | None:
    return None if role == "anonymous" else getattr(world, role)


CASES = [(route, case) for route, cases in MATRIX.items() for case in cases]


@pytest.mark.parametrize(("route", "case"), CASES, ids=[c.name for _, c in CASES])
def test_access(world: World, route: str, case: Case) -> None:
    got = {}
    for role in ROLES:
        client = Client()
        user = _user(world, role)
        if user is not None:
            client.force_login(user)
        response = getattr(client, case.method)(case.url(world), case.data or {})
        got[role] = response.status_code
    assert got == case.expected


CONTACT = "camille.lefevre@cyberdefense.test"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("member_a", True),
        ("member_b", False),
        ("network_staff", True),
        ("programme_staff", False),
        ("partner", False),
    ],
)
def test_contacts_of_organisation_a(world: World, role: str, sees: bool) -> None:
    client = Client()
    user = _user(world, role)
    if user is not None:
        client.force_login(user)
    page = client.get(f"/annuaire/{world.org_a.pk}/").content.decode()
    api = client.get(f"/api/v1/organisations/{world.org_a.pk}").content.decode()
    assert (CONTACT in page) is sees
    assert CONTACT not in api  # the API never returns contacts
