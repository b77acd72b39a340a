"""Eligibility of an organisation for a call: table-driven, perimeter hierarchy included."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from maillage_core.funding.eligibility import (
    Organisation,
    OrgKind,
    Verdict,
    assess,
    departement_of,
    size_audiences,
)
from maillage_core.funding.types import EUROPE, FRANCE, CallRecord, Perimeter
from maillage_core.funding.vocab import Audience, PerimeterKind

TODAY = date(2026, 3, 1)
MANCHE = Perimeter(PerimeterKind.DEPARTEMENT, "50", "Manche")
NORMANDIE = Perimeter(PerimeterKind.REGION, "28", "Normandie")
SAINT_LO_AGGLO = Perimeter(PerimeterKind.EPCI, "200066389", "CA Saint-Lô Agglo")
SAINT_LO = Perimeter(PerimeterKind.COMMUNE, "50502", "Saint-Lô")

# A software company in Saint-Lô (Manche, Normandie) and one in Caen (Calvados, Normandie).
SAINT_LO_SME = Organisation(
    OrgKind.ENTREPRISE, employees=45, commune="50502", epci="200066389", naf="62.01Z"
)
CAEN_SME = Organisation(
    OrgKind.ENTREPRISE, employees=45, commune="14118", epci="200065597", naf="62.01Z"
)

CALL = CallRecord(
    source="test",
    external_id="c",
    title="Chèque numérique",
    audiences=(Audience.ENTREPRISE,),
    perimeter=MANCHE,
    deadline=date(2026, 6, 30),
)


def _call(**changes: Any) -> CallRecord:
    return replace(CALL, **changes)


CASES = [
    # (case, organisation, call, verdict, words expected in the deciding reasons)
    ("Manche call, Saint-Lô company", SAINT_LO_SME, CALL, Verdict.ELIGIBLE, "Manche"),
    ("Manche call, Caen company", CAEN_SME, CALL, Verdict.NOT_ELIGIBLE, "Calvados (14)"),
    ("Normandy call, Caen company", CAEN_SME, _call(perimeter=NORMANDIE), Verdict.ELIGIBLE, ""),
    (
        "EPCI call, member commune",
        SAINT_LO_SME,
        _call(perimeter=SAINT_LO_AGGLO),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "EPCI call, other EPCI",
        CAEN_SME,
        _call(perimeter=SAINT_LO_AGGLO),
        Verdict.NOT_ELIGIBLE,
        "hors périmètre",
    ),
    ("commune call, that commune", SAINT_LO_SME, _call(perimeter=SAINT_LO), Verdict.ELIGIBLE, ""),
    (
        "commune call, other commune",
        CAEN_SME,
        _call(perimeter=SAINT_LO),
        Verdict.NOT_ELIGIBLE,
        "Saint-Lô",
    ),
    ("France call", CAEN_SME, _call(perimeter=FRANCE), Verdict.ELIGIBLE, ""),
    ("EU call", CAEN_SME, _call(perimeter=EUROPE), Verdict.ELIGIBLE, ""),
    ("no perimeter", CAEN_SME, _call(perimeter=None), Verdict.TO_CHECK, "territoire"),
    (
        "EPCI call, company EPCI unknown",
        replace(SAINT_LO_SME, epci=None),
        _call(perimeter=SAINT_LO_AGGLO),
        Verdict.TO_CHECK,
        "localisation à vérifier",
    ),
    (
        "région given without commune",
        Organisation(OrgKind.ENTREPRISE, employees=5, region="28"),
        _call(perimeter=NORMANDIE),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "deadline passed",
        SAINT_LO_SME,
        _call(deadline=date(2026, 2, 28)),
        Verdict.NOT_ELIGIBLE,
        "28/02/2026",
    ),
    ("deadline today", SAINT_LO_SME, _call(deadline=TODAY), Verdict.ELIGIBLE, ""),
    ("permanent aid", SAINT_LO_SME, _call(deadline=None), Verdict.ELIGIBLE, ""),
    (
        "not yet open",
        SAINT_LO_SME,
        _call(opening_date=date(2026, 4, 1)),
        Verdict.TO_CHECK,
        "01/04/2026",
    ),
    (
        "PME call, 45 employees",
        SAINT_LO_SME,
        _call(audiences=(Audience.PME,)),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "TPE call, 45 employees",
        SAINT_LO_SME,
        _call(audiences=(Audience.TPE,)),
        Verdict.NOT_ELIGIBLE,
        "réservé aux TPE",
    ),
    (
        "PME call, 5 employees (a TPE is a PME)",
        replace(SAINT_LO_SME, employees=5),
        _call(audiences=(Audience.PME,)),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "PME call, 300 employees",
        replace(SAINT_LO_SME, employees=300),
        _call(audiences=(Audience.PME,)),
        Verdict.NOT_ELIGIBLE,
        "ETI",
    ),
    (
        "ETI call, INSEE band 41 (500-999)",
        replace(SAINT_LO_SME, employees=None, size_band="41"),
        _call(audiences=(Audience.ETI,)),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "PME call, headcount unknown",
        replace(SAINT_LO_SME, employees=None),
        _call(audiences=(Audience.PME,)),
        Verdict.TO_CHECK,
        "taille à vérifier",
    ),
    (
        "startup call, startup",
        replace(SAINT_LO_SME, is_startup=True),
        _call(audiences=(Audience.STARTUP,)),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "startup call, not flagged",
        SAINT_LO_SME,
        _call(audiences=(Audience.STARTUP,)),
        Verdict.TO_CHECK,
        "startups",
    ),
    (
        "communes only, company",
        SAINT_LO_SME,
        _call(audiences=(Audience.COMMUNE, Audience.EPCI)),
        Verdict.NOT_ELIGIBLE,
        "non ouvert aux entreprises",
    ),
    (
        "communes call, commune",
        Organisation(OrgKind.COMMUNE, commune="50502"),
        _call(audiences=(Audience.COMMUNE,)),
        Verdict.ELIGIBLE,
        "",
    ),
    (
        "companies call, association",
        Organisation(OrgKind.ASSOCIATION, commune="50502"),
        CALL,
        Verdict.NOT_ELIGIBLE,
        "public non visé (Associations)",
    ),
    ("audiences unknown", SAINT_LO_SME, _call(audiences=()), Verdict.TO_CHECK, "publics visés"),
    (
        "sector excluded",
        SAINT_LO_SME,
        _call(naf_exclusions=("62",)),
        Verdict.NOT_ELIGIBLE,
        "NAF 62.01Z",
    ),
    ("sector not excluded", SAINT_LO_SME, _call(naf_exclusions=("01", "02")), Verdict.ELIGIBLE, ""),
    (
        "sector exclusions, NAF unknown",
        replace(SAINT_LO_SME, naf=None),
        _call(naf_exclusions=("01",)),
        Verdict.TO_CHECK,
        "NAF",
    ),
    (
        "two failures are both reported",
        CAEN_SME,
        _call(deadline=date(2026, 1, 1)),
        Verdict.NOT_ELIGIBLE,
        "date limite dépassée",
    ),
]


@pytest.mark.parametrize(
    ("organisation", "call", "verdict", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_eligibility_table(
    organisation: Organisation, call: CallRecord, verdict: Verdict, words: str
) -> None:
    result = assess(organisation, call, today=TODAY)
    assert result.verdict is verdict, result.criteria
    assert any(words in reason for reason in result.reasons), result.reasons


def test_failures_are_all_listed() -> None:
    result = assess(CAEN_SME, _call(deadline=date(2026, 1, 1)), today=TODAY)
    assert [c.name for c in result.criteria if c.outcome is Verdict.NOT_ELIGIBLE] == [
        "date limite",
        "territoire",
    ]
    assert len(result.reasons) == 2


def test_eligible_reasons_explain_every_criterion() -> None:
    result = assess(SAINT_LO_SME, _call(audiences=(Audience.PME,)), today=TODAY)
    assert result.reasons == (
        "date limite le 30/06/2026 (dans 121 jours)",
        "PME (45 salariés) : public visé (critère d'effectif seul)",
        "implantée dans le périmètre : Manche",
    )
    assert result.verdict.label == "Éligible"


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (0, {Audience.TPE, Audience.PME}),
        (9, {Audience.TPE, Audience.PME}),
        (10, {Audience.PME}),
        (249, {Audience.PME}),
        (250, {Audience.ETI}),
        (4999, {Audience.ETI}),
        (5000, {Audience.GRANDE_ENTREPRISE}),
    ],
)
def test_size_thresholds(employees: int, expected: set[Audience]) -> None:
    assert size_audiences(employees) == expected


@pytest.mark.parametrize(
    ("commune", "departement"),
    [("50502", "50"), ("2A004", "2A"), ("97105", "971"), ("14118", "14")],
)
def test_departement_of(commune: str, departement: str) -> None:
    assert departement_of(commune) == departement


# Normandy companies: (commune, EPCI SIREN, département, région) from the COG 2024 / EPCI 2024.
PLACES = {
    "Saint-Lô": ("50502", "200066389", "50", "28"),
    "Caen": ("14118", "200065597", "14", "28"),
    "Évreux": ("27229", "200071454", "27", "28"),
    "Rouen": ("76540", "200023414", "76", "28"),
}


@pytest.mark.parametrize("home", sorted(PLACES))
@pytest.mark.parametrize("other", sorted(PLACES))
def test_perimeter_hierarchy(home: str, other: str) -> None:
    """A call at any level of the company's own hierarchy is open to it; a call for another
    place at commune, EPCI or département level is not; the shared région, France and EU are."""
    commune, epci, departement, _region = PLACES[home]
    company = Organisation(OrgKind.ENTREPRISE, employees=20, commune=commune, epci=epci)
    o_commune, o_epci, o_departement, o_region = PLACES[other]
    levels = [
        (Perimeter(PerimeterKind.COMMUNE, o_commune), home == other),
        (Perimeter(PerimeterKind.EPCI, o_epci), home == other),
        (Perimeter(PerimeterKind.DEPARTEMENT, o_departement), departement == o_departement),
        (Perimeter(PerimeterKind.REGION, o_region), True),
        (FRANCE, True),
        (EUROPE, True),
    ]
    for perimeter, open_to_company in levels:
        verdict = assess(company, _call(perimeter=perimeter), today=TODAY).verdict
        assert verdict is (Verdict.ELIGIBLE if open_to_company else Verdict.NOT_ELIGIBLE), perimeter
