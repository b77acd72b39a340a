"""Integration: every dataset loaded once from the real files in ../shared/data, then checked.

The module loads everything once (committed to the test database) and empties the tables when
it is done, so other test modules start from an empty reference schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db.models import Count
from pytest_django import DjangoDbBlocker

from maillage.common.models import ImportRun, RunStatus
from maillage.opendata import models as m
from maillage.opendata import selectors
from maillage.opendata.services import DatasetReport, opendata_load
from tests.opendata.conftest import opendata_wipe, table_counts

pytestmark = [pytest.mark.shared_data, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def loaded(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, shared_data: Path
) -> Iterator[dict[str, DatasetReport]]:
    with django_db_blocker.unblock():
        opendata_wipe()
        reports = {r.name: r for r in opendata_load(source_dir=shared_data)}
    yield reports
    with django_db_blocker.unblock():
        opendata_wipe()


def test_row_counts(loaded: dict[str, DatasetReport]) -> None:
    assert table_counts() == {
        "RomeHiringVolume": 5071,
        "RomeFicheSkill": 90556,
        "RomeAppellation": 13120,
        "RomeSkill": 18317 + 15354,
        "RomeFiche": 1584,
        "EscoOccupation": 2942,
        "EscoSkill": 13485,
        "DigitalSectorCode": 27,
        "DigitalSectorDefinition": 1,
        "NafCode": 1728,
        "SizeBand": 16,
        "LegalCategory": 306,
        "CommunePostcode": 35264,
        "Commune": 34980,
        "Epci": 1255,
        "Department": 101,
        "Region": 18,
    }
    assert all(r.status == RunStatus.SUCCEEDED for r in loaded.values())
    assert m.Commune.objects.filter(kind="ARM").count() == 45
    assert m.Commune.objects.filter(region_id="28").count() == 2651
    levels = m.NafCode.objects.values_list("level").annotate(n=Count("pk")).order_by("level")
    assert dict(levels) == {1: 21, 2: 88, 3: 272, 4: 615, 5: 732}
    assert m.EscoSkill.objects.filter(is_digital=True).count() == 349
    assert m.EscoOccupation.objects.filter(is_digital=True).count() == 154


def test_caen() -> None:
    caen = selectors.commune_by_insee("14118")
    assert caen is not None and caen.name == "Caen"
    assert (caen.department_id, caen.region_id) == ("14", "28")
    assert caen.epci is not None and caen.epci.name == "CU Caen la Mer"
    assert caen.bmo_basin == "2817" and caen.population == 108200
    assert 49 < (caen.latitude or 0) < 49.3 and -0.5 < (caen.longitude or 0) < -0.2
    assert [c.insee for c in selectors.communes_by_postcode("14000")] == ["14118"]
    assert m.Commune.objects.get(insee="01001").department_id == "01"  # codes stay strings


def test_commune_search_is_accent_insensitive() -> None:
    assert selectors.commune_search("caen", 1)[0].insee == "14118"
    assert selectors.commune_search("saint lo", 1)[0].insee == "50502"
    assert selectors.commune_search("EVREUX", 1)[0].insee == "27229"
    assert selectors.commune_search("   ") == []
    assert len(selectors.commune_search("saint", 7)) == 7


def test_rome() -> None:
    appellation = m.RomeAppellation.objects.select_related("fiche").get(code="10200")
    assert appellation.fiche.code == "F1402"
    fiche = m.RomeFiche.objects.get(code="M1805")
    assert fiche.label == "Développeur / Développeuse informatique"
    assert "''" not in fiche.definition and fiche.definition
    assert fiche.skill_links.filter(is_core=True).exists()
    assert m.RomeFicheSkill.objects.filter(is_core=True).count() == 18900
    codes = [f.code for f in selectors.rome_search("developpeur", 20)]
    assert codes[:2] == ["M1805", "M1824"] and "M1855" in codes
    assert "M1844" in [f.code for f in selectors.rome_search("CYBERSECURITE", 5)]


def test_esco_alt_labels_split() -> None:
    occupation = m.EscoOccupation.objects.get(
        uri="http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"
    )
    assert occupation.alt_labels.splitlines() == [
        "régisseuse",
        "régisseur",
        "directrice technique",
        "régisseur/régisseuse",
        "directeur technique",
    ]
    assert occupation.isco_code == "2166"


def test_digital_naf_codes() -> None:
    codes = selectors.digital_naf_codes()
    assert len(codes) == 27 and {"62.01Z", "58.29C", "95.11Z", "26.11Z"} <= codes
    assert selectors.digital_naf_codes("naf-rev2-numerique-2024") == codes
    with pytest.raises(LookupError):
        selectors.digital_naf_codes("naf-2025-numerique")


def test_taxonomy_phrases() -> None:
    pairs = list(selectors.taxonomy_phrases())
    assert ("Extracteur / Extractrice de roches", "Abatteur / Abatteuse de carrière") in pairs
    assert ("directeur technique/directrice technique", "régisseuse") in pairs
    assert all(canonical and alternative for canonical, alternative in pairs)
    assert len(pairs) > 25000


def test_second_run_writes_nothing(shared_data: Path) -> None:
    before = table_counts()
    reports = opendata_load(source_dir=shared_data)
    for report in reports:
        total = report.total
        assert (total.created, total.updated, total.deleted) == (0, 0, 0), report.name
    assert table_counts() == before
    last = ImportRun.objects.filter(kind="opendata:rome").order_by("-pk").first()
    assert last is not None and last.counts["rome_fiche_skill"]["unchanged"] == 90556


def test_platform_classifier_matches_the_benchmarked_one(shared_data: Path) -> None:
    # The classifier the platform builds from its tables (ROME + hiring volumes) answers as the
    # one `python -m bench classify` builds from the official files, and meets the target.
    from bench.bench_classify import evaluate
    from maillage.observatory.taxonomy import offer_classifier

    bench = evaluate(shared_data)
    platform = offer_classifier()
    labelled = bench["labelled"]
    ours = [platform.classify(t.offer).codes for t in labelled]  # type: ignore[attr-defined]
    same = sum(a[:1] == b[:1] for a, b in zip(ours, bench["predictions"], strict=True))  # type: ignore[call-overload]
    assert same == len(ours)
    top1 = sum(bool(p) and p[0] == t.current for p, t in zip(ours, labelled, strict=True))  # type: ignore[call-overload]
    assert top1 / len(ours) >= 0.75
