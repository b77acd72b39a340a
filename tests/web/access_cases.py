"""Building blocks of the access matrix (`tests/test_access_matrix.py`).

Another app declares the rows of its own routes in `tests/<app>/access_rows.py`:

    from tests.web.access_cases import Case, everyone, only

    ROWS = {"besoin/": [Case("need-form", lambda w: "/besoin/", everyone(200))]}

    def prepare(world):  # optional: create the objects the URLs need
        world.extras["need"] = need_create(...)

`world` is `tests.web.builders.World` (organisations A and B, a closed one, one user per role).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.web.builders import World

ROLES = ("anonymous", "member_a", "member_b", "network_staff", "programme_staff", "partner")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(allowed: set[str], yes: int, no: int) -> dict[str, int]:
    unknown = allowed - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: yes if role in allowed else no for role in ROLES}


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[World], str]
    expected: dict[str, int]
    method: str = "get"
    data: dict[str, str] | None = None
