"""`maillage opendata load` / `sources` through call_command: output, discovery, errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from maillage.opendata import models as m
from maillage.opendata.services import data_dir_find
from tests.opendata.conftest import table_counts

DATASETS = ["geo", "naf", "sirene-nomenclatures", "rome", "rome-embauches", "esco"]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("opendata_load", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_json_report_shape(mini_dir: Path) -> None:
    payload = json.loads(_run("--from", str(mini_dir), "--json"))
    assert payload["source_dir"] == str(mini_dir)
    assert isinstance(payload["seconds"], float)
    assert [d["name"] for d in payload["datasets"]] == DATASETS
    geo = payload["datasets"][0]
    assert set(geo) == {"name", "status", "seconds", "import_run_id", "totals", "tables", "error"}
    assert geo["status"] == "succeeded"
    assert geo["tables"]["commune"] == {"created": 5, "updated": 0, "unchanged": 0, "deleted": 0}
    assert geo["totals"]["created"] == 2 + 3 + 2 + 5 + 6
    again = json.loads(_run("--from", str(mini_dir), "--json", "rome"))
    assert [d["name"] for d in again["datasets"]] == ["rome"]
    assert again["datasets"][0]["totals"]["created"] == 0


@pytest.mark.django_db
def test_text_report_names_tables_and_counts(mini_dir: Path) -> None:
    text = _run("naf", "--from", str(mini_dir))
    assert "naf_code" in text and "created       7" in text
    assert text.strip().splitlines()[-1].startswith("loaded naf from")


@pytest.mark.django_db
def test_without_from_uses_settings_opendata_dir(mini_dir: Path, tmp_path: Path) -> None:
    with override_settings(OPENDATA_DIR=str(mini_dir), BASE_DIR=tmp_path / "nowhere"):
        payload = json.loads(_run("sirene-nomenclatures", "--json"))
    assert payload["source_dir"] == str(mini_dir)
    assert m.SizeBand.objects.count() == 3


@pytest.mark.parametrize("depth", [1, 2])
def test_discovery_falls_back_to_shared_data_next_to_the_project(
    tmp_path: Path, mini_dir: Path, depth: int
) -> None:
    base_dir = tmp_path / "deploy" / "releases" / "main"
    shared = (base_dir.parent if depth == 1 else base_dir.parent.parent) / "shared"
    shared.mkdir(parents=True)
    (shared / "data").symlink_to(mini_dir)
    with override_settings(OPENDATA_DIR="", BASE_DIR=base_dir):
        assert data_dir_find() == shared / "data"


@pytest.mark.django_db
def test_no_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with (
        override_settings(OPENDATA_DIR="", BASE_DIR=tmp_path / "a" / "b"),
        pytest.raises(CommandError) as caught,
    ):
        _run("geo")
    message = str(caught.value)
    assert "geo/communes_france_2024.csv" in message
    assert "maillage opendata sources" in message
    assert "naf/" not in message  # only the files of the datasets asked for
    assert table_counts()["Region"] == 0


@pytest.mark.django_db
def test_bad_arguments_are_command_errors(tmp_path: Path, broken_columns_dir: Path) -> None:
    with pytest.raises(CommandError, match=r"unknown dataset communes \(choose from geo, naf,"):
        _run("communes", "--from", str(tmp_path))
    with pytest.raises(CommandError, match="not a folder"):
        _run("geo", "--from", str(tmp_path / "missing"))
    with pytest.raises(CommandError, match=r"communes_france_2024.csv: missing columns lat, lon"):
        _run("geo", "--from", str(broken_columns_dir))
    assert table_counts()["Commune"] == 0


def test_sources_lists_addresses_and_expected_files() -> None:
    out = StringIO()
    call_command("opendata_sources", stdout=out)
    text = out.getvalue()
    for expected in (
        "https://www.insee.fr/fr/information/2560452",
        "https://www.insee.fr/fr/information/2120875",
        "https://esco.ec.europa.eu/fr/use-esco/download",
        "francetravail.io",
        "collectivites-locales.gouv.fr",
        "geo/communes_france_2024.csv",
        "rome/rome4_v460/unix_liens_rome_referentiels_v460_utf8.csv",
        "sirene/tranches_effectifs_insee.csv",
    ):
        assert expected in text
    out = StringIO()
    call_command("opendata_sources", "--json", stdout=out)
    catalogue = json.loads(out.getvalue())
    assert [entry["name"] for entry in catalogue] == DATASETS
    assert all(entry["sources"] and entry["files"] for entry in catalogue)
