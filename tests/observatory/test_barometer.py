"""Barometer on a small Sirene stock sample with counts worked out by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from maillage.directory.models import Organisation
from maillage.observatory.models import Snapshot
from maillage.opendata.models import SizeBand

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("observatory_barometer", *args, "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]  # our own JSON


def test_counts_shares_and_flows(mini_opendata: None, obs_fixtures: Path) -> None:
    top = SizeBand.objects.get(code="53").midpoint or 0.0
    summary = _run("--from-sirene", str(obs_fixtures / "sirene_stock_small.csv"))
    # region 28: sirets 1, 2 (62.02A written 6202A), 3 (NN), 8 (no band); 4 is closed,
    # 7 is not digital (47.11A), 9 is coded in NAF rév. 1 (left out)
    assert summary["region"] == {"establishments": 4, "employees": 14.5 * 2}
    assert summary["france"] == {"establishments": 6, "employees": 14.5 * 3 + top}
    assert summary["share_establishments"] == pytest.approx(4 / 6)
    flows = {f["year"]: f for f in summary["flows"]}  # type: ignore[attr-defined]  # JSON list
    assert flows[2021]["creations_region"] == 2 and flows[2021]["creations_france"] == 3
    assert flows[2021]["closures_region"] == 1 and flows[2018]["creations_region"] == 1
    assert summary["source_date"] == "2024-03-21"
    assert summary["definition_version"]
    assert "milieux des tranches" in str(summary["employment_method"])
    snap = Snapshot.objects.get(kind="barometer")
    assert snap.rows > 0 and Path(snap.path).exists()


def test_plain_output_in_french(mini_opendata: None, obs_fixtures: Path) -> None:
    out = io.StringIO()
    call_command(
        "observatory_barometer",
        "--from-sirene",
        str(obs_fixtures / "sirene_stock_small.csv"),
        stdout=out,
    )
    text = out.getvalue()
    assert text.startswith("4 établissements numériques, 29 emplois estimés dans la région 28")
    assert "66,7\u00a0% / " in text and "(France : 6 / " in text


def test_missing_columns_are_refused(mini_opendata: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("siret,naf\n1,62.01Z\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing Sirene column"):
        _run("--from-sirene", str(bad))
    assert not Snapshot.objects.exists()


def test_without_reference_data(obs_fixtures: Path) -> None:
    with pytest.raises(CommandError, match="digital-sector definition"):
        _run("--from-sirene", str(obs_fixtures / "sirene_stock_small.csv"))


def test_from_the_directory_no_share_of_france(mini_opendata: None, client: Client) -> None:
    # The directory covers the region only: a share of France would always read 100 %.
    for i, (commune, band) in enumerate((("14118", "11"), ("50502", "NN"))):
        Organisation.objects.create(
            name=f"Numérique {i}",
            source="t",
            external_id=str(i),
            naf_code="62.01Z",
            commune_id=commune,
            size_band=band,
        )
    summary = _run()
    assert summary["region"] == {"establishments": 2, "employees": 14.5}
    assert summary["national"] is False
    assert summary["share_establishments"] is None and summary["share_employees"] is None
    assert summary["source"] == "annuaire maillage"
    out = io.StringIO()
    call_command("observatory_barometer", stdout=out)
    assert "pas de part nationale" in out.getvalue() and "France" not in out.getvalue()
    page = client.get("/observatoire/").content.decode()
    assert "du total national" not in page
    assert "la source ne couvre que la région" in page
