"""Loaders on the hand-written miniature folder: values, idempotence, updates, refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maillage.common.models import ImportRun, RunStatus
from maillage.opendata import models as m
from maillage.opendata.loaders import SourceError
from maillage.opendata.selectors import commune_search, rome_search
from maillage.opendata.services import DatasetReport, opendata_load
from tests.opendata.conftest import table_counts

pytestmark = pytest.mark.django_db


def _reports(source: Path, *names: str) -> dict[str, DatasetReport]:
    return {r.name: r for r in opendata_load(source_dir=source, names=list(names) or None)}


def test_geo_values(mini_dir: Path) -> None:
    report = _reports(mini_dir, "geo")["geo"]
    assert {t: c.created for t, c in report.tables.items()} == {
        "region": 2,
        "department": 3,
        "epci": 2,
        "commune": 5,
        "commune_postcode": 6,
    }
    caen = m.Commune.objects.get(insee="14118")
    assert (caen.department_id, caen.region_id, caen.epci_id) == ("14", "28", "200065597")
    assert caen.population == 108200
    assert (caen.latitude, caen.longitude, caen.bmo_basin) == (49.18, -0.37, "2817")
    assert caen.kind == m.Commune.Kind.COMMUNE
    assert m.Commune.objects.get(insee="50502").name_folded == "saint lo"
    island = m.Commune.objects.get(insee="50999")
    assert island.epci_id is None and island.population is None and island.latitude is None
    assert sorted(island.postcodes.values_list("postcode", flat=True)) == ["50100", "50101"]
    district = m.Commune.objects.get(insee="75101")
    assert (district.kind, district.parent_insee) == ("ARM", "75056")
    assert m.Department.objects.get(code="75").region.name == "Île-de-France"


def test_naf_levels_parents_and_digital_definition(mini_dir: Path) -> None:
    _reports(mini_dir, "naf")
    chain = []
    code: m.NafCode | None = m.NafCode.objects.get(code="62.01Z")
    while code is not None:
        chain.append((code.code, code.level))
        code = code.parent
    assert chain == [("62.01Z", 5), ("62.01", 4), ("62.0", 3), ("62", 2), ("J", 1)]
    definition = m.DigitalSectorDefinition.objects.get()
    assert definition.version == "naf-rev2-numerique-2024"
    # "6201Z" in the file is stored in the dotted form.
    assert sorted(definition.codes.values_list("naf_code", flat=True)) == ["62.01Z", "62.02A"]


def test_sirene_nomenclatures(mini_dir: Path) -> None:
    _reports(mini_dir, "sirene-nomenclatures")
    bands = {
        b.code: (b.min_employees, b.max_employees, b.midpoint) for b in m.SizeBand.objects.all()
    }
    assert bands == {"NN": (None, None, None), "11": (10, 19, 14.5), "53": (10000, None, 10000.0)}
    levels = dict(m.LegalCategory.objects.values_list("code", "level"))
    assert levels == {"5": 1, "57": 2, "5710": 3}


def test_rome_fiches_appellations_skills_links(mini_dir: Path) -> None:
    _reports(mini_dir, "rome")
    fiche = m.RomeFiche.objects.get(code="M1805")
    assert fiche.domain_code == "M18"
    # Sentences in position order, the file's doubled apostrophes undone.
    assert fiche.definition == "Conçoit des applications.\nParticipe à l'analyse des besoins."
    assert fiche.access.startswith("Bac+2 à Bac+5.")
    assert m.RomeAppellation.objects.get(code="11003").fiche_id == "M1844"
    kinds = dict(m.RomeSkill.objects.values_list("code", "kind"))
    assert kinds == {
        "300001": "macro",
        "100001": "competence",
        "100002": "competence",
        "200001": "savoir",
    }
    links = set(m.RomeFicheSkill.objects.values_list("fiche_id", "skill_id", "is_core"))
    assert links == {
        ("M1805", "100001", True),
        ("M1805", "200001", False),
        ("M1844", "100002", False),
        ("M1844", "200001", False),
    }


def test_rome_hiring_volumes(mini_dir: Path, tmp_path: Path) -> None:
    report = _reports(mini_dir, "rome-embauches")["rome-embauches"]
    assert report.tables["rome_hiring_volume"].created == 3
    rows = set(m.RomeHiringVolume.objects.values_list("rome_code", "naf_code", "hirings"))
    # NAF codes stored in their dotted INSEE form whatever the file wrote
    assert rows == {("M1805", "62.01Z", 1200), ("M1805", "62.02A", 800), ("M1844", "62.02A", 40)}
    again = _reports(mini_dir, "rome-embauches")["rome-embauches"]
    assert again.tables["rome_hiring_volume"].unchanged == 3

    bad = tmp_path / "rome" / "rome3_naf_embauches_labonneboite.csv"
    bad.parent.mkdir(parents=True)
    good = (mini_dir / "rome" / "rome3_naf_embauches_labonneboite.csv").read_text()
    for line, message in (
        ("M1805,x,62,division,5", "line 5: not a NAF sub-class code: '62'"),
        ("M18O5,x,6201Z,y,5", "line 5: not a ROME code: 'M18O5'"),
        ("M1844,x,6201Z,y,beaucoup", "line 5: hirings is not an integer"),
        ("M1805,x,62.01Z,y,5", "line 5: M1805 × 62.01Z given twice"),
    ):
        bad.write_text(good + line + "\n", encoding="utf-8")
        with pytest.raises(SourceError, match=re.escape(message)):
            opendata_load(source_dir=tmp_path, names=["rome-embauches"])
        # refused whole: the table still holds the good run
        assert m.RomeHiringVolume.objects.count() == 3


def test_esco_labels_and_digital_flags(mini_dir: Path) -> None:
    _reports(mini_dir, "esco")
    dev = m.EscoOccupation.objects.get(uri__endswith="test-dev")
    assert dev.alt_labels.splitlines() == ["programmeur", "développeuse logicielle"]
    assert dev.isco_code == "2512" and dev.is_digital
    assert not m.EscoOccupation.objects.get(uri__endswith="test-baker").is_digital
    python = m.EscoSkill.objects.get(uri__endswith="test-python")
    assert python.is_digital and python.skill_type == "knowledge"
    assert python.alt_labels.splitlines() == ["Python", "langage Python"]
    assert not m.EscoSkill.objects.get(uri__endswith="test-bread").is_digital


def test_each_dataset_run_is_recorded(mini_dir: Path) -> None:
    reports = _reports(mini_dir)
    assert list(reports) == ["geo", "naf", "sirene-nomenclatures", "rome", "rome-embauches", "esco"]
    runs = {run.kind: run for run in ImportRun.objects.all()}
    assert set(runs) == {f"opendata:{name}" for name in reports}
    geo = runs["opendata:geo"]
    assert geo.status == RunStatus.SUCCEEDED and geo.finished_at is not None
    assert geo.counts["commune"] == {"created": 5, "updated": 0, "unchanged": 0, "deleted": 0}
    assert geo.pk == reports["geo"].import_run_id


def test_second_run_writes_nothing(mini_dir: Path) -> None:
    _reports(mini_dir)
    before = table_counts()
    for report in _reports(mini_dir).values():
        total = report.total
        assert (total.created, total.updated, total.deleted) == (0, 0, 0), report.name
        assert total.unchanged > 0
    assert table_counts() == before


def test_changed_rows_are_updated_and_stale_links_deleted(mini_dir: Path) -> None:
    _reports(mini_dir, "geo", "rome")
    m.Commune.objects.filter(insee="14118").update(name="Caen (édité)", population=1)
    m.CommunePostcode.objects.create(commune_id="14118", postcode="14999")
    m.RomeFicheSkill.objects.filter(fiche_id="M1805", skill_id="100001").update(is_core=False)
    reports = _reports(mini_dir, "geo", "rome")
    geo, rome = reports["geo"].tables, reports["rome"].tables
    assert (geo["commune"].updated, geo["commune"].unchanged) == (1, 4)
    assert (geo["commune_postcode"].deleted, geo["commune_postcode"].created) == (1, 0)
    assert rome["rome_fiche_skill"].updated == 1
    caen = m.Commune.objects.get(insee="14118")
    assert (caen.name, caen.population) == ("Caen", 108200)
    assert not m.CommunePostcode.objects.filter(postcode="14999").exists()


def test_missing_column_refuses_file_and_changes_nothing(
    mini_dir: Path, broken_columns_dir: Path
) -> None:
    _reports(mini_dir, "geo")
    m.Commune.objects.filter(insee="14118").update(population=1)
    before = table_counts()
    with pytest.raises(SourceError) as caught:
        opendata_load(source_dir=broken_columns_dir, names=["geo"])
    message = str(caught.value)
    assert "geo/communes_france_2024.csv" in message and "lat, lon" in message
    assert "\n" not in message
    assert table_counts() == before
    assert m.Commune.objects.get(insee="14118").population == 1
    refused = ImportRun.objects.filter(kind="opendata:geo").order_by("-pk").first()
    assert refused is not None and refused.status == RunStatus.REFUSED
    assert "lat, lon" in refused.error


def test_missing_file_is_refused_before_any_dataset_is_written(bad_row_dir: Path) -> None:
    # bad_row/ has geo/ only (with valid headers): geo + naf fails on naf's files before geo loads.
    with pytest.raises(SourceError, match=r"naf/naf_rev2_tous_niveaux\.csv: file not found"):
        opendata_load(source_dir=bad_row_dir, names=["geo", "naf"])
    assert m.Region.objects.count() == 0
    assert ImportRun.objects.get().kind == "opendata:naf"


def test_bad_row_rolls_back_the_whole_dataset(bad_row_dir: Path) -> None:
    with pytest.raises(SourceError) as caught:
        opendata_load(source_dir=bad_row_dir, names=["geo"])
    assert str(caught.value).startswith("geo/communes_france_2024.csv line 4: unknown département")
    # Regions, departments and EPCI were written before the bad commune row: all rolled back.
    assert all(count == 0 for count in table_counts().values())
    run = ImportRun.objects.get(kind="opendata:geo")
    assert run.status == RunStatus.REFUSED and "'99'" in run.error


def test_rows_saved_outside_the_loaders_are_searchable() -> None:
    region = m.Region.objects.create(code="28", name="Normandie")
    department = m.Department.objects.create(code="27", name="Eure", region=region)
    m.Commune.objects.create(insee="27229", name="Évreux", department=department, region=region)
    fiche = m.RomeFiche.objects.create(code="M1844", label="Analyste en cybersécurité")
    m.RomeAppellation.objects.create(code="1", label="Pentesteur / Pentesteuse", fiche=fiche)
    assert [c.insee for c in commune_search("evreux")] == ["27229"]
    assert [f.code for f in rome_search("CYBERSECURITE")] == ["M1844"]
    assert [f.code for f in rome_search("pentesteuse")] == ["M1844"]
