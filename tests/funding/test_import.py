"""Import: real samples, refusals with nothing written, idempotence, staff edits and the
review queue, dedupe links, `funding list --json` filters (the perimeter hierarchy included)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.common.models import ImportRun, RunStatus
from maillage.funding.models import FundingCall, ReviewItem
from maillage.funding.services import call_update_by_staff, calls_import
from tests.web.builders import build_geo

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"
CORE = Path(__file__).resolve().parent.parent / "fixtures" / "funding"


def _run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("funding_import", *args, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def _list(*args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("funding_list", *args, "--json", stdout=out)
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    return rows


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("fmt", "relative", "count"),
    [
        ("aides-territoires-csv", "aides_territoires_export_echantillon.csv", 60),
        ("departement-manche", "echantillons_fournisseurs/departement_manche_data.json", 10),
        ("ademe-agir", "echantillons_fournisseurs/ademe_agir_data.json", 5),
        ("aides-territoires-api", "echantillons_fournisseurs/departement_drome_data.json", 3),
    ],
)
def test_real_samples_import_then_reimport_changes_nothing(
    shared_data: Path, fmt: str, relative: str, count: int
) -> None:
    path = str(shared_data / "aides" / relative)
    first = _run("--format", fmt, path)
    assert (first["created"], first["updated"], first["refused"]) == (count, 0, 0)
    hashes = dict(FundingCall.objects.values_list("id", "content_hash"))
    stamps = dict(FundingCall.objects.values_list("id", "updated_at"))
    second = _run("--format", fmt, path)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, count)
    assert dict(FundingCall.objects.values_list("id", "content_hash")) == hashes
    assert dict(FundingCall.objects.values_list("id", "updated_at")) == stamps
    runs = ImportRun.objects.filter(kind="funding_import").order_by("started_at")
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED, RunStatus.SUCCEEDED]
    assert runs[0].counts["created"] == count


def test_rss_and_atom_fixtures_import() -> None:
    rss = _run("--format", "rss", str(CORE / "appels_rss.xml"), "--funder", "Région Normandie")
    atom = _run("--format", "rss", str(CORE / "appels_atom.xml"), "--source", "atom-feed")
    assert rss["created"] > 0 and atom["created"] > 0
    assert FundingCall.objects.filter(funders_tags__contains="|Région Normandie|").exists()


@pytest.mark.parametrize("payload", ["billion_laughs.xml", "xxe.xml", "xxe_parameter_entity.xml"])
def test_xml_attacks_refused_nothing_written(payload: str) -> None:
    with pytest.raises(CommandError):
        call_command("funding_import", "--format", "rss", str(CORE / payload))
    assert FundingCall.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.REFUSED


def test_broken_file_refused_whole_with_row_report(tmp_path: Path) -> None:
    _run("--format", "csv", str(APP / "appels.csv"))
    before = FundingCall.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="refusé"):
        call_command("funding_import", "--format", "csv", str(APP / "casse_date.csv"), stderr=err)
    assert "ligne 3" in err.getvalue()
    assert FundingCall.objects.count() == before  # the good row was not written either
    truncated = tmp_path / "tronque.csv"
    data = (APP / "appels.csv").read_bytes()
    truncated.write_bytes(data[: data.index(b"Audit") + 10])
    with pytest.raises(CommandError):
        call_command("funding_import", "--format", "csv", str(truncated))
    wrong = tmp_path / "point_virgule.csv"
    wrong.write_bytes(b"Nom;Lien\nx;y\n")
    with pytest.raises(CommandError):
        call_command("funding_import", "--format", "aides-territoires-csv", str(wrong))
    assert FundingCall.objects.count() == before
    assert ImportRun.objects.filter(status=RunStatus.REFUSED).count() == 3


def test_missing_file_and_unknown_format_are_clear_errors() -> None:
    with pytest.raises(CommandError, match="introuvable"):
        call_command("funding_import", "--format", "csv", "/nonexistent/x.csv")
    with pytest.raises(CommandError):
        call_command("funding_import", "--format", "nope", str(APP / "appels.csv"))


def test_staff_edits_survive_reimport_and_upstream_changes_go_to_review(tmp_path: Path) -> None:
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")
    call = FundingCall.objects.get(external_id="manche-num")
    call_update_by_staff(call=call, changes={"title": "Chèque numérique (titre relu)"})
    changed = (
        (APP / "appels.csv")
        .read_text()
        .replace("Chèque numérique Manche", "Chèque numérique de la Manche 2099")
        .replace("31/12/2099", "30/11/2099")
    )
    result = calls_import(format_name="csv", data=changed, source_label="t2")
    assert (result.updated, result.review_items) == (1, 1)
    call.refresh_from_db()
    assert call.title == "Chèque numérique (titre relu)"  # staff edit kept
    assert call.deadline is not None and call.deadline.isoformat() == "2099-11-30"  # not edited
    item = ReviewItem.objects.get()
    assert (item.field, item.upstream_value) == ("title", "Chèque numérique de la Manche 2099")
    # the same upstream change again: still one open item
    again = calls_import(
        format_name="csv", data=changed.replace("Aide forfaitaire", "Aide"), source_label="t3"
    )
    assert again.updated == 1
    assert ReviewItem.objects.count() == 1


def test_duplicates_across_sources_are_linked_and_shown_once() -> None:
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="a")
    result = calls_import(
        format_name="csv",
        data=(APP / "appels_autre_source.csv").read_bytes(),
        source="partenaire",
        source_label="b",
    )
    assert result.duplicates_linked == 1
    original = FundingCall.objects.get(external_id="cyber-norm")
    copy = FundingCall.objects.get(external_id="aap-cyber-copie")
    assert copy.duplicate_of_id == original.pk
    assert FundingCall.objects.count() == 5
    titles = [r["title"] for r in _list()]
    assert sum("ybersécurité des TPE" in t for t in titles) == 1


def test_list_filters_by_perimeter_hierarchy_theme_and_open() -> None:
    build_geo()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="a")
    saint_lo = {r["external_id"] for r in _list("--perimeter", "50502")}
    caen = {r["external_id"] for r in _list("--perimeter", "14118")}
    assert saint_lo == {"cyber-norm", "manche-num", "export-old"}
    assert caen == {"cyber-norm", "ia-calvados", "export-old"}
    opened = {r["external_id"] for r in _list("--open")}
    assert "export-old" not in opened and "cyber-norm" in opened
    assert {r["external_id"] for r in _list("--theme", "ia")} == {"ia-calvados"}
    assert {r["external_id"] for r in _list("--audience", "pme")} == {"cyber-norm", "export-old"}
    row = _list("--theme", "ia")[0]
    assert row["is_ami"] is True and row["perimeter"]["code"] == "14"
    assert set(row) >= {"funders", "aid_types", "content_hash", "staff_edited_fields", "status"}
    with pytest.raises(CommandError):
        call_command("funding_list", "--perimeter", "abc", "--json")
