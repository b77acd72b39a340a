"""Observatory test fixtures: the miniature open data (ROME, geo, NAF, size bands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.opendata.services import opendata_load

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "opendata" / "mini"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "observatory"


@pytest.fixture
def mini_opendata(db: None) -> None:
    opendata_load(source_dir=MINI, names=None)


@pytest.fixture(scope="session")
def obs_fixtures() -> Path:
    return FIXTURES
