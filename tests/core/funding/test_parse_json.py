"""Aides-territoires API and provider JSON (Manche, ADEME AGIR, Drôme): real and broken input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from maillage_core.funding.formats import FORMATS, parser_for
from maillage_core.funding.parse_json import (
    parse_ademe_agir,
    parse_aides_territoires_api,
    parse_departement_manche,
)
from maillage_core.funding.vocab import AidType, Audience, PerimeterKind, Recurrence, Theme


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_aides_territoires_api_pages(fixture_bytes: Callable[[str], bytes]) -> None:
    page1 = parse_aides_territoires_api(fixture_bytes("aides_territoires_api_page1.json"))
    page2 = parse_aides_territoires_api(fixture_bytes("aides_territoires_api_page2.json"))
    assert page1.ok and page2.ok
    assert page1.next_page.endswith("?page=2&perimeter=70973-normandie")
    assert page2.next_page == ""
    cyber, ami = page1.records
    (loan,) = page2.records
    assert cyber.external_id == "152847"
    assert cyber.url == "https://www.adnormandie.fr/impulsion-conseil-cyber"
    assert cyber.perimeter is not None
    assert (cyber.perimeter.kind, cyber.perimeter.code) == (PerimeterKind.REGION, "28")
    assert cyber.aid_types == (AidType.SUBVENTION, AidType.INGENIERIE)
    assert (cyber.subsidy_rate_min, cyber.subsidy_rate_max) == (30, 50)
    assert cyber.opening_date == date(2026, 1, 5) and cyber.deadline == date(2026, 12, 31)
    assert "<" not in cyber.description and "plan d’actions" in cyber.description
    assert "PME de moins de 250 salariés" in cyber.description  # eligibility text kept
    assert cyber.source_categories == ("Numérique|Cybersécurité", "Économie|Appui méthodologique")
    assert ami.is_ami and not ami.is_aap
    assert ami.predeposit_date == date(2026, 4, 15)
    assert ami.amount_max == 200_000
    assert ami.funders == ("Conseil départemental de la Manche", "Bpifrance")
    assert ami.perimeter is not None and ami.perimeter.code == "50"
    assert loan.aid_types == (AidType.PRET,) and loan.amount_max == 15_000
    assert loan.recurrence is Recurrence.PERMANENTE and loan.deadline is None


@pytest.mark.shared_data
def test_real_drome_sample_reads_as_aides_territoires_api(aides_dir: Path) -> None:
    data = (aides_dir / "echantillons_fournisseurs" / "departement_drome_data.json").read_bytes()
    report = parse_aides_territoires_api(data, source="departement-drome")
    assert report.ok, report.errors
    assert [r.external_id for r in report.records] == ["162", "338", "650"]
    first = report.records[0]
    assert first.funders == ("Chambre d’agriculture de la Drôme",)
    assert first.perimeter is not None and first.perimeter.code == "26"
    assert "OPÉRATIONS CONCERNÉES" in first.description and "<br>" not in first.description


@pytest.mark.shared_data
def test_real_manche_sample(aides_dir: Path) -> None:
    data = (aides_dir / "echantillons_fournisseurs" / "departement_manche_data.json").read_bytes()
    report = parse_departement_manche(data)
    assert report.ok, report.errors
    assert len(report.records) == 10
    assert all(r.perimeter is not None and r.perimeter.code == "50" for r in report.records)
    by_id = {r.external_id: r for r in report.records}
    centre = by_id["36021"]
    assert centre.title.startswith("Appel à projets pour une mise en place d’un centre parental")
    assert centre.is_aap and centre.audiences == (Audience.ASSOCIATION,)
    assert "&rsquo;" not in by_id["35024"].title
    # "Collectivité ou établissement public" stands for several audiences
    assert {Audience.COMMUNE, Audience.EPCI, Audience.ETABLISSEMENT_PUBLIC} <= set(
        by_id["35024"].audiences
    )
    # the Département's programmes given as aid types become programmes
    assert by_id["30791"].programmes == (
        "Contrat de territoire 2017-2021",
        "Contrat de territoire Manche 2022-2028",
    )
    assert by_id["30791"].aid_types == ()


@pytest.mark.shared_data
def test_real_ademe_agir_sample(aides_dir: Path) -> None:
    data = (aides_dir / "echantillons_fournisseurs" / "ademe_agir_data.json").read_bytes()
    report = parse_ademe_agir(data)
    assert report.ok, report.errors
    assert len(report.records) == 5
    first = report.records[0]
    # the real data has "https: //agir…": the stray space is removed
    assert first.url.startswith("https://agirpourlatransition.ademe.fr/entreprises/")
    assert first.deadline == date(2023, 12, 31)  # "2023-12-31T23:59:59+01:00"
    biomass = next(r for r in report.records if r.external_id == "1ec8f1be")
    assert biomass.is_aap and biomass.recurrence is Recurrence.PONCTUELLE
    assert biomass.deadline == date(2023, 2, 27)
    assert Theme.ENERGIE in biomass.themes and Theme.TRANSITION_ECOLOGIQUE in biomass.themes
    assert all(r.perimeter is not None and r.perimeter.code == "FR" for r in report.records)
    assert all(r.audiences == (Audience.ENTREPRISE,) for r in report.records)
    assert "<p>" not in first.description


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (b'{"count": 1, "results": [{"id": 1, "name": "x"', "", "JSON invalide"),
        (b"[1, 2]", "", "objet JSON attendu"),
        (b'{"count": 0}', "results", "liste attendue"),
        (b'{"results": {"id": 1}}', "results", "liste attendue"),
        (b'{"results": [{"id": 1, "name": "x", "loan_amount": Infinity}]}', "", "JSON invalide"),
    ],
)
def test_broken_documents_are_refused(payload: bytes, field: str, reason: str) -> None:
    report = parse_aides_territoires_api(payload)
    assert report.records == ()
    assert report.errors[0].field == field and reason in report.errors[0].reason


def test_aides_territoires_api_item_errors_refuse_the_page() -> None:
    good = {"id": 1, "name": "Aide", "origin_url": "https://a.fr/1"}
    items = [
        good,
        "pas un objet",
        {"name": "sans id"},
        {"id": 3, "name": "x", "submission_deadline": "2026-13-45"},
        {"id": 4, "name": "x", "targeted_audiences": ["Martiens"]},
        {"id": 1, "name": "doublon"},
        {"id": 6, "name": "x", "subvention_rate_upper_bound": 250},
        {"id": 7, "name": ""},
    ]
    report = parse_aides_territoires_api(_json({"count": 8, "next": None, "results": items}))
    assert report.records == ()
    assert [(e.line, e.field) for e in report.errors] == [
        (2, ""),
        (3, "id"),
        (4, "submission_deadline"),
        (5, "targeted_audiences"),
        (6, "external_id"),
        (7, "subvention_rate_upper_bound"),
        (8, "name"),
    ]


def test_windows_1252_json_is_read() -> None:
    payload = json.dumps({"aides": [{"id": "1", "name": "Prêt « numérique »"}]}, ensure_ascii=False)
    report = parse_departement_manche(payload.encode("cp1252"))
    assert report.ok and report.records[0].title == "Prêt « numérique »"


def test_provider_unknown_audience_is_a_warning_not_an_error() -> None:
    item = {"id": "9", "name": "Aide", "targeted_audiences": ["Martiens"], "recurrence": "Lunaire"}
    report = parse_departement_manche(_json({"aides": [item]}))
    assert report.ok and len(report.records) == 1
    assert report.records[0].recurrence is None
    assert [(w.line, w.field) for w in report.warnings] == [
        (1, "targeted_audiences"),
        (1, "recurrence"),
    ]


def test_ademe_requires_a_url() -> None:
    report = parse_ademe_agir(_json({"ListeDispositifs": [{"id": "a", "titre": "T"}]}))
    assert [(e.field, e.reason) for e in report.errors] == [
        ("url_agir", "URL manquante ou invalide")
    ]


def test_every_import_format_has_a_parser() -> None:
    assert set(FORMATS) == {
        "aides-territoires-csv",
        "aides-territoires-api",
        "rss",
        "csv",
        "departement-manche",
        "ademe-agir",
    }
    assert parser_for("ademe-agir") is parse_ademe_agir
    with pytest.raises(KeyError, match="format inconnu"):
        parser_for("xlsx")


@pytest.mark.parametrize(
    ("perimeter", "expected"),
    [
        ("Normandie (Région)", (PerimeterKind.REGION, "28")),
        ("La Réunion (Département)", (PerimeterKind.DEPARTEMENT, "974")),
        ("La Réunion (Région)", (PerimeterKind.REGION, "04")),
        ("Manche", (PerimeterKind.DEPARTEMENT, "50")),
        ("France", (PerimeterKind.FRANCE, "FR")),
        ("Europe", (PerimeterKind.EUROPE, "EU")),
        ("Saint-Lô (Commune – 50000)", None),
        ("CA du Cotentin (EPCI)", None),
        ("Seine-Normandie (Bassin hydrographique)", None),
    ],
)
def test_aides_territoires_perimeters(perimeter: str, expected: tuple[str, str] | None) -> None:
    item = {"id": 1, "name": "Aide", "perimeter": perimeter}
    report = parse_aides_territoires_api(_json({"results": [item]}))
    (record,) = report.records
    if expected is None:
        assert record.perimeter is None
        assert [(w.field, w.line) for w in report.warnings] == [("perimeter", 1)]
    else:
        assert record.perimeter is not None
        assert (record.perimeter.kind, record.perimeter.code) == expected
        assert report.warnings == ()
