"""`maillage directory import`: the documented example, idempotence, refusals."""

from __future__ import annotations

import json
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

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "organisations.csv"
HEADER = (
    "external_id,siret,name,kind,description,services,labels,naf,commune_insee,postcode,"
    "department,size_band,hq_country,website\n"
)


def run(path: Path, *args: str) -> dict[str, object]:
    out = StringIO()
    call_command("directory_import", str(path), "--json", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def refused(path: Path, *args: str) -> str:
    before = Organisation.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("directory_import", str(path), *args, stdout=StringIO(), stderr=StringIO())
    assert Organisation.objects.count() == before
    return str(exc.value)


def write(tmp_path: Path, rows: str, header: str = HEADER, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_documented_example_imports(geo: None) -> None:
    result = run(EXAMPLE)
    assert (result["rows"], result["created"]) == (6, 6)
    cyber = Organisation.objects.get(external_id="ADH-001")
    assert (cyber.source, cyber.siret, cyber.siren) == ("membres", "41234567000019", "412345670")
    assert cyber.kind == "company" and cyber.naf_code == "62.02A"
    assert set(cyber.domains.values_list("slug", flat=True)) == {"cybersecurite", "conseil"}
    assert set(cyber.labels.values_list("label_id", flat=True)) == {"expertcyber", "passi"}
    assert (cyber.commune_id, cyber.department_code, cyber.region_code) == ("14118", "14", "28")
    assert cyber.latitude == 49.1829
    assert sorted(cyber.skills.values_list("label", flat=True)) == [
        "Réponse à incident",
        "Tests d'intrusion",
    ]
    data = Organisation.objects.get(external_id="ADH-002")
    assert data.naf_code == "63.11Z" and data.website == "https://dataseine.example"
    assert set(data.domains.values_list("slug", flat=True)) == {"data", "ia"}
    assert data.skills.count() == 3
    assert list(data.labels.values_list("label_id", flat=True)) == ["iso27001"]
    fablab = Organisation.objects.get(external_id="ADH-003")
    assert fablab.kind == "tiers_lieu" and fablab.siret is None
    assert set(fablab.skills.values_list("label", flat=True)) == {
        "Impression 3D",
        "Ateliers numériques",
    }
    assert list(fablab.declared_labels.values_list("name", flat=True)) == ["Fabrique de territoire"]
    assert not fablab.labels.exists()
    assert (result["warning_count"], result["warnings"][0]["line"]) == (1, 4)
    assert (fablab.postcode, fablab.department_code, fablab.region_code) == ("61100", "61", "28")
    cloud = Organisation.objects.get(external_id="ADH-004")
    assert (cloud.department_code, cloud.region_code, cloud.commune_id) == ("50", "28", None)
    assert Organisation.objects.get(external_id="ADH-005").kind == "school"
    nordic = Organisation.objects.get(external_id="ADH-006")
    assert nordic.hq_country == "SE" and nordic.department_code == "27"


def test_reimport_writes_nothing(geo: None) -> None:
    run(EXAMPLE)
    stamps = dict(Organisation.objects.values_list("id", "updated_at"))
    again = run(EXAMPLE)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert dict(Organisation.objects.values_list("id", "updated_at")) == stamps


def test_semicolon_and_cp1252(geo: None, tmp_path: Path) -> None:
    text = HEADER.replace(",", ";") + "X1;;Société Générale du Numérique;entreprise;;;;;;;14;;;\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    result = run(path)
    assert result["delimiter"] == ";" and result["encoding"] == "cp1252"
    assert Organisation.objects.get(external_id="X1").name == "Société Générale du Numérique"


def test_siret_merges_with_a_sirene_record(geo: None, small_sirene: Path) -> None:
    call_command("directory_import_sirene", str(small_sirene), stdout=StringIO())
    before = Organisation.objects.count()
    run(EXAMPLE)
    assert Organisation.objects.count() == before + 5  # ADH-001 is SIRET 41234567000019
    merged = Organisation.objects.get(siret="41234567000019")
    assert merged.name == "CyberNormandie" and merged.external_id == "ADH-001"


def test_staff_edits_survive(geo: None, tmp_path: Path) -> None:
    run(EXAMPLE)
    staff = get_user_model().objects.create_user("staff", password="x" * 12, is_staff=True)
    org = Organisation.objects.get(external_id="ADH-002")
    organisation_update_by_staff(
        organisation=org,
        user=staff,
        changes={"description": "Revu par l'équipe", "domains": ["ia"]},
    )
    changed = write(
        tmp_path, "ADH-002,81111111100019,Data Seine SAS,company,Autre texte,data,,,76540,,,,,\n"
    )
    assert run(changed)["updated"] == 1
    org.refresh_from_db()
    assert org.name == "Data Seine SAS"
    assert org.description == "Revu par l'équipe"
    assert list(org.domains.values_list("slug", flat=True)) == ["ia"]


def test_source_is_part_of_the_key(geo: None, tmp_path: Path) -> None:
    path = write(tmp_path, "1,,Alpha,,,,,,,,14,,,\n")
    run(path, "--source", "cci")
    run(path, "--source", "adn")
    assert Organisation.objects.filter(external_id="1").count() == 2


def test_run_is_recorded(geo: None) -> None:
    run(EXAMPLE)
    recorded = ImportRun.objects.get(kind="directory:members")
    assert recorded.status == RunStatus.SUCCEEDED and recorded.counts["created"] == 6


def line(**values: str) -> str:
    """One CSV row in the documented column order (absent columns empty)."""
    columns = HEADER.strip().split(",")
    return ",".join(values.get(c, "") for c in columns) + "\n"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (line(name="Sans clé", department="14"), "external_id or siret is required"),
        (line(external_id="A1", department="14"), "name is required"),
        (line(external_id="A1", siret="41234567000018", name="S"), "invalid SIRET"),
        (line(external_id="A1", name="G", kind="vaisseau spatial"), "unknown kind"),
        (line(external_id="A1", name="C", commune_insee="99999"), "unknown commune"),
        (line(external_id="A1", name="D", department="99"), "unknown département"),
        (line(external_id="A1", name="N", naf="62-01"), "NAF code"),
        (line(external_id="A1", name="T", size_band="77"), "unknown size band"),
        (line(external_id="A1", name="P", hq_country="France"), "ISO 3166"),
        (line(external_id="A1", name="W", website="pas une adresse"), "invalid address"),
        (line(external_id="A1", name="CP", postcode="1400"), "postcode"),
        (line(external_id="A1", name="L", website="https://a.fr/" + "x" * 200), "longer than 200"),
    ],
)
def test_bad_rows_are_refused(geo: None, tmp_path: Path, row: str, reason: str) -> None:
    run(EXAMPLE)  # a populated directory, to show nothing changes
    good = line(external_id="B1", name="Bonne ligne", department="14")
    assert reason in refused(write(tmp_path, good + row))
    assert not Organisation.objects.filter(external_id="B1").exists()


def test_duplicate_keys(geo: None, tmp_path: Path) -> None:
    rows = "A1,,Un,,,,,,,,14,,,\nA2,,Deux,,,,,,,,14,,,\nA1,,Trois,,,,,,,,14,,,\n"
    assert "duplicate 'A1' (line 2)" in refused(write(tmp_path, rows))


def test_missing_name_column(geo: None, tmp_path: Path) -> None:
    assert "name" in refused(write(tmp_path, "A1,Un\n", header="external_id,nom\n"))


def test_missing_key_columns(geo: None, tmp_path: Path) -> None:
    assert "external_id" in refused(write(tmp_path, "Un,14\n", header="name,department\n"))


def test_wrong_delimiter(geo: None, tmp_path: Path) -> None:
    path = write(tmp_path, "A1|Un|14\n", header="external_id|name|department\n")
    assert "delimiter" in refused(path)


def test_truncated_line(geo: None, tmp_path: Path) -> None:
    path = write(tmp_path, "A1,,Un,,,,,,,,14,,,\nA2,,Deux,,,")
    assert "line 3" in refused(path)


def test_bad_encoding(geo: None, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"A1,,Un\x81,,,,,,,,14,,,\n")
    assert "undecodable" in refused(path)


def test_oversized(geo: None) -> None:
    assert "over the limit" in refused(EXAMPLE, "--max-bytes", str(EXAMPLE.stat().st_size // 10))
    assert "more than 2" in refused(EXAMPLE, "--max-rows", "2")


def test_dry_run(geo: None) -> None:
    result = run(EXAMPLE, "--dry-run")
    assert result["created"] == 6 and Organisation.objects.count() == 0


def test_commune_needs_geo(db: None, tmp_path: Path) -> None:
    assert "opendata load geo" in refused(write(tmp_path, "A1,,Un,,,,,,14118,,,,,\n"))
