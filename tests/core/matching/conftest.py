"""Shared, read-only objects for the matching core tests (built once per session)."""

from __future__ import annotations

import pytest

from maillage_core.matching import Gazetteer, Lexicon, build_lexicon
from tests.core.matching import evalset


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return build_lexicon()


@pytest.fixture(scope="session")
def places() -> Gazetteer:
    return evalset.gazetteer()


@pytest.fixture(scope="session")
def evaluation() -> evalset.EvalSet:
    return evalset.load()
