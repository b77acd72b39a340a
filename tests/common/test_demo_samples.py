"""`maillage demo samples` loads the real samples through the ordinary imports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from maillage.funding.models import FundingCall

pytestmark = pytest.mark.django_db


def test_missing_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    err = io.StringIO()
    call_command("demo_samples", "--from", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "skipped aides/aides_territoires_export_echantillon.csv" in err.getvalue()
    assert FundingCall.objects.count() == 0


def test_funding_sample_loaded_once(shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "aides").mkdir()
    sample = "aides/aides_territoires_export_echantillon.csv"
    (tmp_path / sample).write_bytes((shared_data / sample).read_bytes())
    for _ in range(2):
        call_command(
            "demo_samples", "--from", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert FundingCall.objects.count() == 60


def test_a_missing_folder_named_explicitly_is_an_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a folder"):
        call_command("demo_samples", "--from", str(tmp_path / "absent"), stdout=io.StringIO())


def test_barometer_computed_from_the_directory_or_skipped_with_a_reason(tmp_path: Path) -> None:
    from maillage.observatory.models import Snapshot

    err = io.StringIO()
    # empty reference tables: the barometer cannot be computed, the command says why and ends
    call_command("demo_samples", "--from", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "barometer skipped:" in err.getvalue()
    assert not Snapshot.objects.filter(kind="barometer").exists()
