"""maillage_core.sirene: identifier keys, dates, row parsing, names and addresses."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.sirene import (
    ESTABLISHMENT_COLUMNS,
    ColumnIndex,
    Establishment,
    RowError,
    content_hash,
    department_from_commune,
    establishment_name,
    luhn_valid,
    normalise_naf,
    parse_establishment,
    parse_iso_date,
    siren_is_valid,
    siret_is_valid,
    street_address,
)


def luhn_complete(payload: str) -> str:
    """Append the Luhn check digit (independent implementation: try the ten digits)."""
    for d in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(payload + d)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n // 10 + n % 10
        if total % 10 == 0:
            return payload + d
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),  # a real SIRET (Luhn key OK)
        ("73282932000075", False),  # last digit changed
        ("35600000000048", True),  # La Poste head office: passes Luhn
        ("35600000049837", True),  # La Poste establishment: fails Luhn, Σ digits = 45
        ("35600000049838", False),  # Σ digits = 46 and Luhn fails
        ("7328293200007", False),  # 13 digits
        ("7328293200007A", False),
        ("７３２８２９３２０００７４", False),  # full-width digits are not ASCII
        ("", False),
    ],
)
def test_siret_keys(siret: str, valid: bool) -> None:
    assert siret_is_valid(siret) is valid


def test_siren_keys() -> None:
    assert siren_is_valid("732829320") and siren_is_valid("356000000")
    assert not siren_is_valid("732829321") and not siren_is_valid("73282932")


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_every_completed_number_passes_and_any_single_change_fails(payload: str) -> None:
    siret = luhn_complete(payload)
    assert luhn_valid(siret)
    for pos in range(14):
        for d in "0123456789":
            if d != siret[pos]:
                changed = siret[:pos] + d + siret[pos + 1 :]
                assert not luhn_valid(changed)


def test_iso_dates_only() -> None:
    assert parse_iso_date("2024-02-29") == date(2024, 2, 29)
    for bad in ("20240229", "2023-02-29", "29/02/2024", "2024-02-29T00:00:00", "2024-2-9"):
        with pytest.raises(ValueError):
            parse_iso_date(bad)


def test_departments_and_naf() -> None:
    assert department_from_commune("14118") == "14"
    assert department_from_commune("2A004") == "2A"
    assert department_from_commune("97411") == "974"
    assert normalise_naf("6201z") == "62.01Z" and normalise_naf("62.01Z") == "62.01Z"
    assert normalise_naf("722A") == "722A"  # other nomenclatures pass through


def test_names_and_addresses() -> None:
    assert establishment_name(legal_name="", usual_name="", sign="", siret="1") == (
        "Établissement SIRET 1"
    )
    assert establishment_name(legal_name="SA", usual_name="U", sign="E", siret="1") == "SA"
    assert establishment_name(legal_name="", usual_name="", sign="E", siret="1") == "E"
    assert street_address("BAT A", "3", "T", "BD", "MARECHAL LECLERC") == (
        "BAT A, 3 ter Boulevard MARECHAL LECLERC"
    )
    assert street_address("", "", "", "XYZ", "LES CHAMPS") == "XYZ LES CHAMPS"


def row(**values: str) -> list[str]:
    base = {
        "siren": "732829320",
        "nic": "00074",
        "siret": "73282932000074",
        "dateCreationEtablissement": "2001-02-03",
        "etablissementSiege": "true",
        "etatAdministratifEtablissement": "A",
        "codeCommuneEtablissement": "14118",
        "codePostalEtablissement": "14000",
        "activitePrincipaleEtablissement": "62.01Z",
    }
    base.update(values)
    return [base.get(c, "") for c in ESTABLISHMENT_COLUMNS]


INDEX = ColumnIndex.from_header(ESTABLISHMENT_COLUMNS)


def test_parse_good_row() -> None:
    parsed = parse_establishment(
        row(
            etatAdministratifEtablissement="F",
            dateDebut="2020-01-31",
            coordonneeLambertAbscisseEtablissement="454000.5",
            coordonneeLambertOrdonneeEtablissement="[ND]",
            enseigne1Etablissement="[ND]",
        ),
        INDEX,
        2,
    )
    assert isinstance(parsed, Establishment)
    assert parsed.is_closed and parsed.closed_on == date(2020, 1, 31)
    assert parsed.created_on == date(2001, 2, 3) and parsed.is_head_office
    assert (parsed.lambert_x, parsed.lambert_y) == (454000.5, None)
    assert parsed.name() == "Établissement SIRET 73282932000074"


def test_active_row_has_no_closing_date() -> None:
    parsed = parse_establishment(row(dateDebut="2020-01-31"), INDEX, 2)
    assert isinstance(parsed, Establishment) and parsed.closed_on is None


def test_parse_reports_every_problem_of_a_row() -> None:
    errors = parse_establishment(
        row(
            siret="73282932000075",
            dateCreationEtablissement="03/02/2001",
            trancheEffectifsEtablissement="99",
            etatAdministratifEtablissement="X",
            etablissementSiege="oui",
            codePostalEtablissement="1400",
            coordonneeLambertAbscisseEtablissement="abc",
        ),
        INDEX,
        7,
    )
    assert isinstance(errors, list)
    assert {e.field for e in errors} == {
        "siret",
        "dateCreationEtablissement",
        "trancheEffectifsEtablissement",
        "etatAdministratifEtablissement",
        "etablissementSiege",
        "codePostalEtablissement",
        "coordonneeLambertAbscisseEtablissement",
    }
    assert all(e.line == 7 for e in errors)


def test_siret_must_match_siren_and_nic() -> None:
    errors = parse_establishment(row(siren="356000000"), INDEX, 2)
    assert errors == [
        RowError(2, "siret", "SIRET 73282932000074 is not siren 356000000 + nic 00074")
    ]


def test_ragged_row_and_missing_columns() -> None:
    errors = parse_establishment(row()[:-1], INDEX, 4)
    assert isinstance(errors, list) and errors[0].field == "*" and "ragged" in errors[0].reason
    header = [c for c in ESTABLISHMENT_COLUMNS if c != "siret"]
    assert ColumnIndex.from_header(header).missing == ("siret",)
    optional_absent = [c for c in ESTABLISHMENT_COLUMNS if not c.startswith("coordonnee")]
    assert ColumnIndex.from_header(optional_absent).missing == ()


def test_content_hash_is_stable_and_sensitive() -> None:
    a = content_hash(["x", None, date(2020, 1, 1), True, 1.5])
    assert a == content_hash(["x", None, date(2020, 1, 1), True, 1.5])
    assert a != content_hash(["x", None, date(2020, 1, 2), True, 1.5])
    assert content_hash(["ab", "c"]) != content_hash(["a", "bc"])
    assert len(a) == 32
