"""Fixtures for the funding core tests: our small fixtures and the real samples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FUNDING_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "funding"


@pytest.fixture(scope="session")
def fixture_bytes() -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        return (FUNDING_FIXTURES / name).read_bytes()

    return read


@pytest.fixture(scope="session")
def aides_dir(shared_data: Path) -> Path:
    return shared_data / "aides"


@pytest.fixture(scope="session")
def at_export(aides_dir: Path) -> bytes:
    """The real 60-row Aides-territoires export sample."""
    return (aides_dir / "aides_territoires_export_echantillon.csv").read_bytes()
