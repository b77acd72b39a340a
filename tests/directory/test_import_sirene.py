"""`maillage directory import-sirene`: good files, filters, idempotence, refusals."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_update_by_staff

pytestmark = pytest.mark.django_db

CYBER = "41234567000019"  # Caen, digital, active, Lambert coordinates
DATA = "41234567000027"  # Rouen, digital, sign only
BAKERY = "52345678800018"  # Caen, closed, not digital
PARIS = "63456789500012"  # Paris, no name
LA_POSTE = "35600000049837"  # fails Luhn, La Poste rule
CLOSED_WEB = "74567890400012"  # Caen, digital, closed


def run(path: Path, *args: str) -> dict[str, object]:
    out = StringIO()
    call_command("directory_import_sirene", str(path), "--json", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def refused(path: Path, *args: str) -> tuple[str, dict[str, object]]:
    """Run an import that must be refused: the error message and the JSON report."""
    before = Organisation.objects.count()
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("directory_import_sirene", str(path), "--json", *args, stdout=out)
    assert Organisation.objects.count() == before
    return str(exc.value), json.loads(out.getvalue() or "{}")


def test_good_file_maps_every_field(geo: None, small_sirene: Path) -> None:
    result = run(small_sirene)
    assert result["created"] == 6 and result["updated"] == 0 and result["closed"] == 2
    cyber = Organisation.objects.get(siret=CYBER)
    assert cyber.name == "CYBERNORMANDIE"
    assert cyber.siren == "412345670"
    assert (cyber.naf_code, cyber.size_band, cyber.is_head_office) == ("62.02A", "11", True)
    assert cyber.created_on == date(2015, 6, 1)
    assert cyber.address == "12 bis Avenue DE LA LIBERATION"
    assert (cyber.commune_id, cyber.department_code, cyber.region_code) == ("14118", "14", "28")
    assert cyber.epci_siren == "200065597"
    # Lambert 93 position converted, close to Caen but not the commune centroid itself.
    assert cyber.latitude is not None and cyber.longitude is not None
    assert abs(cyber.latitude - 49.18) < 0.1 and abs(cyber.longitude + 0.37) < 0.1
    assert (cyber.latitude, cyber.longitude) != (49.1829, -0.3707)
    data = Organisation.objects.get(siret=DATA)
    assert data.name == "DATAROUEN" and not data.is_head_office
    assert (data.latitude, data.longitude) == (49.4431, 1.0993)  # commune centroid
    assert Organisation.objects.get(siret=PARIS).name == f"Établissement SIRET {PARIS}"
    assert Organisation.objects.get(siret=LA_POSTE).name == "LA POSTE ROUEN"  # [ND] skipped


def test_closed_establishments(geo: None, small_sirene: Path) -> None:
    run(small_sirene)
    bakery = Organisation.objects.get(siret=BAKERY)
    assert bakery.is_closed and bakery.closed_on == date(2021, 3, 31)
    assert not Organisation.objects.get(siret=CYBER).is_closed
    assert Organisation.objects.get(siret=CYBER).closed_on is None
    assert set(Organisation.objects.active().values_list("siret", flat=True)) == {
        CYBER,
        DATA,
        PARIS,
        LA_POSTE,
    }


def test_reimport_writes_nothing(geo: None, small_sirene: Path) -> None:
    run(small_sirene)
    stamps = dict(Organisation.objects.values_list("siret", "updated_at"))
    again = run(small_sirene)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert dict(Organisation.objects.values_list("siret", "updated_at")) == stamps


def test_changed_row_is_updated(geo: None, small_sirene: Path, tmp_path: Path) -> None:
    run(small_sirene)
    changed = tmp_path / "changed.csv"
    changed.write_text(
        small_sirene.read_text(encoding="utf-8").replace("CYBERNORMANDIE", "CYBER NORMANDIE SAS"),
        encoding="utf-8",
    )
    result = run(changed)
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 5)
    assert Organisation.objects.get(siret=CYBER).name == "CYBER NORMANDIE SAS"


def test_staff_edited_fields_survive_imports(geo: None, small_sirene: Path, tmp_path: Path) -> None:
    run(small_sirene)
    staff = get_user_model().objects.create_user("staff", password="x" * 12, is_staff=True)
    cyber = Organisation.objects.get(siret=CYBER)
    organisation_update_by_staff(
        organisation=cyber, user=staff, changes={"name": "CyberNormandie", "size_band": "12"}
    )
    changed = tmp_path / "changed.csv"
    changed.write_text(
        small_sirene.read_text(encoding="utf-8")
        .replace("CYBERNORMANDIE", "AUTRE NOM")
        .replace("DE LA LIBERATION", "DU GENERAL DE GAULLE"),
        encoding="utf-8",
    )
    run(changed)
    cyber.refresh_from_db()
    assert cyber.name == "CyberNormandie" and cyber.size_band == "12"
    assert cyber.address == "12 bis Avenue DU GENERAL DE GAULLE"  # not edited: updated
    assert cyber.staff_edited_fields == ["name", "size_band"]


def test_region_filter(geo: None, small_sirene: Path) -> None:
    result = run(small_sirene, "--region", "28")
    assert result["kept"] == 5 and result["filtered_out"] == 1
    assert not Organisation.objects.filter(siret=PARIS).exists()
    assert set(Organisation.objects.values_list("region_code", flat=True)) == {"28"}


def test_region_filter_needs_communes(small_sirene: Path) -> None:
    message, _ = refused(small_sirene, "--region", "28")
    assert "opendata load geo" in message


def test_region_must_exist(geo: None, small_sirene: Path) -> None:
    message, _ = refused(small_sirene, "--region", "99")
    assert "99" in message


def test_digital_only_filter(geo: None, digital_naf: None, small_sirene: Path) -> None:
    result = run(small_sirene, "--digital-only")
    assert result["kept"] == 4
    assert set(Organisation.objects.values_list("siret", flat=True)) == {
        CYBER,
        DATA,
        PARIS,
        CLOSED_WEB,
    }


def test_both_filters(geo: None, digital_naf: None, small_sirene: Path) -> None:
    run(small_sirene, "--digital-only", "--region", "28")
    assert set(Organisation.objects.values_list("siret", flat=True)) == {CYBER, DATA, CLOSED_WEB}


def test_digital_only_needs_naf(small_sirene: Path) -> None:
    message, _ = refused(small_sirene, "--digital-only")
    assert "opendata load naf" in message


def test_without_communes_the_department_comes_from_the_code(small_sirene: Path) -> None:
    run(small_sirene)
    paris = Organisation.objects.get(siret=PARIS)
    assert (paris.commune_id, paris.department_code, paris.region_code) == (None, "75", "")


def test_dry_run_writes_nothing(geo: None, small_sirene: Path) -> None:
    result = run(small_sirene, "--dry-run")
    assert result["created"] == 6 and result["dry_run"] is True
    assert Organisation.objects.count() == 0


def test_windows_1252_file_is_accepted(geo: None, small_sirene: Path, tmp_path: Path) -> None:
    text = small_sirene.read_text(encoding="utf-8").replace("DATAROUEN", "DONNÉES ROUEN")
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(text.encode("cp1252"))
    result = run(cp1252)
    assert result["encoding"] == "cp1252"
    assert Organisation.objects.get(siret=DATA).name == "DONNÉES ROUEN"


def test_run_is_recorded(geo: None, small_sirene: Path, tmp_path: Path) -> None:
    run(small_sirene)
    ok = ImportRun.objects.get(kind="directory:sirene")
    assert ok.status == RunStatus.SUCCEEDED and ok.counts["created"] == 6 and ok.finished_at
    bad = tmp_path / "bad.csv"
    bad.write_text(small_sirene.read_text(encoding="utf-8").replace(CYBER, "41234567000018"))
    refused(bad)
    failed = ImportRun.objects.filter(kind="directory:sirene").order_by("-id").first()
    assert failed is not None and failed.status == RunStatus.REFUSED
    assert "41234567000018" in failed.error


def test_human_output(geo: None, small_sirene: Path) -> None:
    out = StringIO()
    call_command("directory_import_sirene", str(small_sirene), stdout=out)
    assert "6 créées" in out.getvalue()


# --- refusals: the file is refused whole and nothing changes ------------------------------


@pytest.fixture
def imported(geo: None, small_sirene: Path) -> int:
    """Start each refusal test from a populated directory, to prove nothing is touched."""
    run(small_sirene)
    return Organisation.objects.count()


def _variant(small: Path, tmp_path: Path, text: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_truncated_file(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    content = small_sirene.read_text(encoding="utf-8")
    truncated = _variant(small_sirene, tmp_path, content[: len(content) - 60])
    message, report = refused(truncated)
    assert "truncated or ragged" in message
    assert report["errors"][0]["line"] == 7  # type: ignore[index]  # JSON payload


def test_ragged_line_in_the_middle(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    lines = small_sirene.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", "", 3)
    message, _ = refused(_variant(small_sirene, tmp_path, "".join(lines)))
    assert "line 3" in message


def test_wrong_delimiter(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    text = small_sirene.read_text(encoding="utf-8").replace(",", ";")
    message, _ = refused(_variant(small_sirene, tmp_path, text))
    assert "delimiter" in message


def test_missing_column(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    text = small_sirene.read_text(encoding="utf-8").replace(
        "etatAdministratifEtablissement", "etat"
    )
    message, report = refused(_variant(small_sirene, tmp_path, text))
    assert "etatAdministratifEtablissement" in message
    assert report["errors"][0]["field"] == "etatAdministratifEtablissement"  # type: ignore[index]  # JSON


def test_undecodable_bytes(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    raw = small_sirene.read_bytes().replace(b"DATAROUEN", b"DATA\x81ROUEN")
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    message, _ = refused(path)
    assert "undecodable" in message and "line 3" in message


def test_nul_byte(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(small_sirene.read_bytes().replace(b"DATAROUEN", b"DATA\x00ROUEN"))
    message, _ = refused(path)
    assert "NUL byte" in message and "line 3" in message


def test_field_over_the_csv_limit(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    huge = '"' + "X" * 200_000 + '"'
    text = small_sirene.read_text(encoding="utf-8").replace("DATAROUEN", huge)
    message, _ = refused(_variant(small_sirene, tmp_path, text))
    assert "field larger than field limit" in message


def test_mixed_encodings(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    raw = (
        small_sirene.read_bytes()
        .replace(b"DATAROUEN", "DONNÉES".encode("cp1252"))
        .replace(b"CYBERNORMANDIE", "SÉCURITÉ".encode())
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    message, _ = refused(path)
    assert "UTF-8 sequence" in message


def test_duplicate_siret(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    lines = small_sirene.read_text(encoding="utf-8").splitlines(keepends=True)
    message, _ = refused(_variant(small_sirene, tmp_path, "".join([*lines, lines[1]])))
    assert "duplicate SIRET" in message and CYBER in message


def test_invalid_values_are_all_reported(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    text = (
        small_sirene.read_text(encoding="utf-8")
        .replace(CYBER, "41234567000018")  # bad Luhn key
        .replace("2021-03-31", "31/03/2021")  # not ISO
        .replace(",02,", ",99,", 1)  # unknown size band
    )
    _, report = refused(_variant(small_sirene, tmp_path, text))
    fields = {e["field"] for e in report["errors"]}  # type: ignore[attr-defined]  # JSON list
    assert {"siret", "dateDebut", "trancheEffectifsEtablissement"} <= fields
    assert report["error_count"] == 3


def test_over_row_limit(imported: int, small_sirene: Path) -> None:
    message, _ = refused(small_sirene, "--max-rows", "5")
    assert "more than 5" in message


def test_oversized_file(imported: int, small_sirene: Path) -> None:
    size = small_sirene.stat().st_size
    message, _ = refused(small_sirene, "--max-bytes", str(size // 10))
    assert "over the limit" in message


def test_header_only(imported: int, small_sirene: Path, tmp_path: Path) -> None:
    header = small_sirene.read_text(encoding="utf-8").splitlines()[0] + "\n"
    message, _ = refused(_variant(small_sirene, tmp_path, header))
    assert "no data rows" in message


def test_missing_file(db: None, tmp_path: Path) -> None:
    message, _ = refused(tmp_path / "nope.csv")
    assert "not a readable file" in message


def test_report_shows_twenty_and_counts_the_rest(
    imported: int, small_sirene: Path, tmp_path: Path
) -> None:
    lines = small_sirene.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_row = lines[1].replace(CYBER, "41234567000018")
    path = _variant(small_sirene, tmp_path, "".join([lines[0], *[bad_row] * 30]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("directory_import_sirene", str(path), stdout=out, stderr=err)
    shown = err.getvalue().strip().splitlines()
    assert len(shown) == 21 and "10 autre(s)" in shown[-1]


# --- the real INSEE sample -------------------------------------------------------------------


@pytest.mark.shared_data
def test_real_insee_sample(db: None, shared_data: Path) -> None:
    sample = shared_data / "sirene" / "stock_etablissement_echantillon_insee_2024-03.csv"
    result = run(sample)
    assert result["rows"] == 299 and result["created"] == 299
    assert Organisation.objects.filter(is_closed=True).count() == 284
    tahiti = Organisation.objects.get(siret="00032517500024")
    assert tahiti.name == "TAHITI PERLES CREATIONS" and tahiti.naf_code == "47.89Z"
    assert tahiti.closed_on == date(2011, 10, 21) and tahiti.department_code == "84"
    assert run(sample)["unchanged"] == 299


@pytest.mark.shared_data
def test_real_sample_with_legal_units(db: None, shared_data: Path) -> None:
    sirene = shared_data / "sirene"
    run(
        sirene / "stock_etablissement_echantillon_insee_2024-03.csv",
        "--legal-units",
        str(sirene / "stock_unite_legale_echantillon_insee_2022-04.csv"),
    )
    fabrique = Organisation.objects.get(siret="00541094900019")
    assert (fabrique.name, fabrique.legal_category) == ("A LA GRANDE FABRIQUE", "5599")
    assert Organisation.objects.exclude(legal_category="").count() == 299
