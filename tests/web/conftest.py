from __future__ import annotations

from typing import Any

import pytest

from maillage.search.services import index_rebuild
from tests.web.builders import World, build_world


@pytest.fixture
def world(db: Any) -> World:
    w = build_world()
    index_rebuild()
    return w
