"""Fixtures for the open-data tests: the miniature data folders and a way to empty the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from maillage.common.models import ImportRun
from maillage.opendata import models as m

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "opendata"

# Children before parents so every delete is a plain DELETE.
TABLES_IN_DELETE_ORDER = (
    m.RomeHiringVolume,
    m.RomeFicheSkill,
    m.RomeAppellation,
    m.RomeSkill,
    m.RomeFiche,
    m.EscoOccupation,
    m.EscoSkill,
    m.DigitalSectorCode,
    m.DigitalSectorDefinition,
    m.NafCode,
    m.SizeBand,
    m.LegalCategory,
    m.CommunePostcode,
    m.Commune,
    m.Epci,
    m.Department,
    m.Region,
)


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES_IN_DELETE_ORDER}


def opendata_wipe() -> None:
    """Empty the reference tables with plain DELETEs (the ORM's cascade collection is slow)."""
    m.NafCode.objects.update(parent=None)
    with connection.cursor() as cursor:
        for model in TABLES_IN_DELETE_ORDER:
            # Table names come from our own models, not from input.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    ImportRun.objects.filter(kind__startswith="opendata:").delete()


@pytest.fixture(scope="session")
def mini_dir() -> Path:
    return MINI / "mini"


@pytest.fixture(scope="session")
def broken_columns_dir() -> Path:
    return MINI / "broken_columns"


@pytest.fixture(scope="session")
def bad_row_dir() -> Path:
    return MINI / "bad_row"
