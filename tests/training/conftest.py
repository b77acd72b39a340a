"""Training test fixtures: hand-written catalogue files and the miniature open data."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.opendata.services import opendata_load

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "opendata" / "mini"
FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"


@pytest.fixture
def mini_opendata(db: None) -> None:
    opendata_load(source_dir=MINI, names=None)


@pytest.fixture(scope="session")
def training_fixtures() -> Path:
    return FIX
