"""Member spreadsheets as members write them: free-text services, label spellings, warnings.

Through the command, the organisation page (Django test client), the search index and the
matching adapters — nothing of ours is mocked.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from maillage.directory.importers.members import COLUMNS as MEMBER_COLUMNS
from maillage.directory.models import DeclaredLabel, Organisation, OrganisationSkill
from maillage.directory.services import organisation_update_by_staff
from maillage.matching import adapters, retrieval
from maillage.search.services import index_rebuild, organisation_search
from maillage.search.types import SearchQuery
from maillage_core.text import analyse

pytestmark = pytest.mark.django_db

COLUMNS = list(MEMBER_COLUMNS)  # the importer's own header, not a second copy
SPECIALTY = OrganisationSkill.Taxonomy.SPECIALTY


@pytest.fixture(autouse=True)
def own_index(settings: Any, tmp_path: Path) -> None:
    settings.SEARCH_INDEX_DIR = tmp_path / "index"


def sheet(tmp_path: Path, rows: list[dict[str, str]], delimiter: str = ";") -> Path:
    """A spreadsheet export as Excel writes it (`;`, quoted cells when needed)."""
    path = tmp_path / "adherents.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, delimiter=delimiter)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def run(path: Path) -> dict[str, Any]:
    out = StringIO()
    call_command("directory_import", str(path), "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def specialties(org: Organisation) -> list[str]:
    return sorted(org.skills.filter(taxonomy=SPECIALTY).values_list("label", flat=True))


def domains(org: Organisation) -> set[str]:
    return set(org.domains.values_list("slug", flat=True))


PREDICTIVE = {
    "external_id": "ADH-100",
    "name": "Prédictia",
    "description": "Bureau d'études pour l'industrie.",
    "services": "Maintenance prédictive; MLOps; Détection d'anomalies",
    "labels": "ISO 27001; France Num; Label Imaginaire",
    "commune_insee": "14118",
}


def test_free_text_services_link_domains_and_are_kept(geo: None, tmp_path: Path) -> None:
    result = run(sheet(tmp_path, [PREDICTIVE]))
    assert (result["rows"], result["created"]) == (1, 1)
    org = Organisation.objects.get(external_id="ADH-100")
    assert domains(org) == {"ia"}  # "maintenance prédictive" is an IA keyword
    assert specialties(org) == ["Détection d'anomalies", "MLOps", "Maintenance prédictive"]


def test_organisation_page_shows_specialties_and_declared_labels(
    geo: None, tmp_path: Path, client: Client
) -> None:
    run(sheet(tmp_path, [PREDICTIVE]))
    org = Organisation.objects.get(external_id="ADH-100")
    page = client.get(f"/annuaire/{org.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Spécialités" in html
    for text in ("MLOps", "Maintenance prédictive", "Détection d&#x27;anomalies"):
        assert text in html
    # The recognised labels under their catalogue names; the unknown one flagged.
    assert "ISO/IEC 27001" in html and "Activateur France Num" in html
    declared = html.split("Labels déclarés, non vérifiés", 1)[1]
    assert "Label Imaginaire" in declared and "déclaré, non vérifié" in declared
    assert "Label Imaginaire" not in html.split("Labels déclarés, non vérifiés", 1)[0]


def test_specialties_are_searchable_and_reach_the_matching(geo: None, tmp_path: Path) -> None:
    other = {"external_id": "ADH-101", "name": "Autre", "services": "Cloud", "department": "14"}
    run(sheet(tmp_path, [PREDICTIVE, other]))
    index_rebuild()
    org = Organisation.objects.get(external_id="ADH-100")
    hits = organisation_search(SearchQuery(text="mlops")).hits
    assert [h.organisation_id for h in hits] == [org.pk]
    hits = organisation_search(SearchQuery(text="détection d'anomalies")).hits
    assert hits[0].organisation_id == org.pk
    # What the engine asks the index for each candidate, and what the adapters analyse.
    mlops = analyse("MLOps")[0]
    assert retrieval.terms_present([org.pk], [mlops])[org.pk] == frozenset({mlops})
    (candidate,) = adapters.organisation_candidates([org.pk], now=datetime(2026, 12, 1, tzinfo=UTC))
    assert mlops in candidate.skills
    assert candidate.labels == frozenset({"iso27001", "francenum"})  # never "Label Imaginaire"


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("ISO 27001", "iso27001"),
        ("ISO/IEC 27001", "iso27001"),
        ("iso27001", "iso27001"),
        ("Certifié ISO 27001:2022", "iso27001"),
        ("France Num", "francenum"),
        ("Activateur France Num", "francenum"),
        ("HDS", "hds"),
        ("Hébergeur de données de santé (HDS)", "hds"),
        ("qualiopi", "qualiopi"),
        ("Expert Cyber", "expertcyber"),
        ("Cybermalveillance", "expertcyber"),
        ("PASSI", "passi"),
        ("PRIS", "pris"),
        ("SecNumCloud", "secnumcloud"),
        ("ISO 9001", "iso9001"),
    ],
)
def test_label_spellings(geo: None, tmp_path: Path, written: str, slug: str) -> None:
    row = {"external_id": "L1", "name": "Labellisée", "labels": written, "department": "14"}
    result = run(sheet(tmp_path, [row]))
    assert result["warning_count"] == 0
    org = Organisation.objects.get(external_id="L1")
    assert list(org.labels.values_list("label_id", flat=True)) == [slug]
    assert not org.declared_labels.exists()


def test_unknown_label_is_declared_not_verified_and_a_warning(geo: None, tmp_path: Path) -> None:
    rows = [
        {"external_id": "A1", "name": "Un", "department": "14"},
        {"external_id": "A2", "name": "Deux", "labels": "Label Imaginaire | PASSI"},
    ]
    result = run(sheet(tmp_path, rows))
    assert result["created"] == 2
    assert result["warning_count"] == 1
    (warning,) = result["warnings"]
    assert (warning["line"], warning["field"], warning["value"]) == (
        3,
        "labels",
        "Label Imaginaire",
    )
    assert "declared, not verified" in warning["reason"]
    org = Organisation.objects.get(external_id="A2")
    assert list(org.labels.values_list("label_id", flat=True)) == ["passi"]
    assert list(DeclaredLabel.objects.values_list("name", flat=True)) == ["Label Imaginaire"]


def test_warnings_in_the_text_report(geo: None, tmp_path: Path) -> None:
    row = {"external_id": "A1", "name": "Un", "labels": "Label Imaginaire", "department": "14"}
    out = StringIO()
    call_command("directory_import", str(sheet(tmp_path, [row])), stdout=out)
    text = out.getvalue()
    assert "1 avertissement(s)" in text
    assert "ligne 2, champ labels : 'Label Imaginaire'" in text


def test_words_that_must_not_name_a_domain(geo: None, tmp_path: Path) -> None:
    row = {
        "external_id": "C1",
        "name": "Agence de territoire",
        "services": "Développement économique; souvent; Formation des élus; Date de livraison",
        "department": "14",
    }
    run(sheet(tmp_path, [row]))
    org = Organisation.objects.get(external_id="C1")
    assert domains(org) == set()
    assert len(specialties(org)) == 4  # kept all the same, never an error


def test_separators_and_domain_names(geo: None, tmp_path: Path) -> None:
    row = {
        "external_id": "S1",
        "name": "Séparateurs",
        # No ";": the comma separates. A domain's slug or label is that domain, not a specialty.
        "services": "cybersecurite, Audit cybersécurité, Développement web",
        "department": "14",
    }
    run(sheet(tmp_path, [row], delimiter=","))
    org = Organisation.objects.get(external_id="S1")
    assert domains(org) == {"cybersecurite"}
    assert specialties(org) == ["Audit cybersécurité", "Développement web"]
    lines = {"external_id": "S2", "name": "Lignes", "services": "- Pentest\n- SOC managé\n"}
    run(sheet(tmp_path, [lines]))
    org = Organisation.objects.get(external_id="S2")
    assert specialties(org) == ["Pentest", "SOC managé"] and domains(org) == {"cybersecurite"}


def test_reimport_is_idempotent_and_follows_changes(geo: None, tmp_path: Path) -> None:
    path = sheet(tmp_path, [PREDICTIVE])
    run(path)
    org = Organisation.objects.get(external_id="ADH-100")
    rows = set(org.skills.values_list("id", flat=True))
    again = run(path)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert set(org.skills.values_list("id", flat=True)) == rows
    changed = {**PREDICTIVE, "services": "MLOps; Vision industrielle", "labels": "ISO 27001"}
    assert run(sheet(tmp_path, [changed]))["updated"] == 1
    assert specialties(org) == ["MLOps", "Vision industrielle"]
    assert domains(org) == set()
    assert not org.declared_labels.exists()


def test_taxonomy_skills_and_staff_edits_survive(geo: None, tmp_path: Path) -> None:
    run(sheet(tmp_path, [PREDICTIVE]))
    org = Organisation.objects.get(external_id="ADH-100")
    OrganisationSkill.objects.create(
        organisation=org, taxonomy="rome", code="M1805", label="Études et développement"
    )
    staff = get_user_model().objects.create_user("staff", password="x" * 12, is_staff=True)
    organisation_update_by_staff(
        organisation=org, user=staff, changes={"specialties": ["MLOps", "Jumeau numérique"]}
    )
    changed = {**PREDICTIVE, "services": "Autre chose"}
    assert run(sheet(tmp_path, [changed]))["updated"] == 1
    assert specialties(org) == ["Jumeau numérique", "MLOps"]
    assert org.skills.filter(taxonomy="rome").count() == 1


def test_placeholder_siret_is_ignored_with_a_warning(geo: None, tmp_path: Path) -> None:
    rows = [
        {"external_id": "Z1", "siret": "00000000000000", "name": "Sans suite", "department": "14"},
        {"external_id": "Z2", "siret": "00000000000000", "name": "Autre", "department": "14"},
    ]
    result = run(sheet(tmp_path, rows))
    assert result["created"] == 2 and result["warning_count"] == 2
    assert not Organisation.objects.filter(siret="00000000000000").exists()


@pytest.mark.shared_data
def test_real_procurement_supplier_file(shared_data: Path) -> None:
    """The DECP supplier file (member-spreadsheet format): empty SIRETs, `S000…` ids,
    overseas départements, U+FFFD in descriptions — imports whole, then changes nothing."""
    from maillage.opendata.services import opendata_load

    opendata_load(source_dir=shared_data, names=["geo"])
    path = shared_data / "marches" / "evaluation_dev" / "fournisseurs_2018.csv"
    first = run(path)
    assert (first["rows"], first["created"], first["updated"]) == (2226, 2226, 0)
    assert Organisation.objects.count() == 2226
    assert first["warning_count"] > 0  # U+FFFD descriptions and a placeholder SIRET
    reunion = Organisation.objects.filter(department_code="974").first()
    assert reunion is not None and reunion.region_code == "04"
    stamps = dict(Organisation.objects.values_list("id", "updated_at"))
    again = run(path)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2226)
    assert dict(Organisation.objects.values_list("id", "updated_at")) == stamps
