"""Aides-territoires export CSV and staff template: real sample, encodings, broken files."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Callable

import pytest

from maillage_core.funding.parse_csv import (
    AT_COLUMNS,
    STAFF_COLUMNS,
    parse_aides_territoires_csv,
    parse_staff_csv,
)
from maillage_core.funding.vocab import AidType, Audience, PerimeterKind, Recurrence, Theme


def _rewrite(data: bytes, edit: Callable[[list[list[str]]], None], delimiter: str = ",") -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _cp1252_safe(data: bytes) -> str:
    """The sample's text limited to what Windows-1252 can encode (it has "✓" and U+0301)."""
    text = unicodedata.normalize("NFC", data.decode("utf-8"))
    return text.encode("cp1252", errors="replace").decode("cp1252")


@pytest.mark.shared_data
def test_real_export_sample_parses_completely(at_export: bytes) -> None:
    report = parse_aides_territoires_csv(at_export)
    assert report.ok, report.errors
    assert report.rows_read == 60
    assert len(report.records) == 60
    assert len({r.external_id for r in report.records}) == 60
    assert all(r.title and r.url.startswith("https://aides-territoires") for r in report.records)
    # figures counted independently on the raw file
    assert sum(r.is_aap or r.is_ami for r in report.records) == 5
    assert Counter(r.recurrence for r in report.records) == {
        Recurrence.PERMANENTE: 56,
        Recurrence.PONCTUELLE: 3,
        Recurrence.RECURRENTE: 1,
    }
    assert sum(Audience.COMMUNE in r.audiences for r in report.records) == 59
    assert sum(AidType.SUBVENTION in r.aid_types for r in report.records) == 19
    assert sorted(str(r.deadline) for r in report.records if r.deadline) == [
        "2022-12-15",
        "2023-12-31",
        "2023-12-31",
        "2026-03-31",
    ]


@pytest.mark.shared_data
def test_first_real_record_fields(at_export: bytes) -> None:
    first = parse_aides_territoires_csv(at_export).records[0]
    assert first.title == "Se former à l'architecture, l'urbanisme, l'environnement et le paysage"
    assert first.external_id == "56d5-copie-13h45-se-former-a-larchitecture-lurbani"
    assert first.funders == ("Conseil architecture urbanisme environnement (CAUE)",)
    assert first.aid_types == (AidType.INGENIERIE,)
    assert Audience.ENTREPRISE in first.audiences
    assert Audience.RECHERCHE_FORMATION in first.audiences
    assert "  " not in first.description


@pytest.mark.shared_data
def test_cp1252_and_bom_give_the_same_records(at_export: bytes) -> None:
    text = _cp1252_safe(at_export)
    reference = parse_aides_territoires_csv(text.encode("utf-8")).records
    cp1252 = parse_aides_territoires_csv(text.encode("cp1252"))
    bom = parse_aides_territoires_csv(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(reference) == 60
    assert cp1252.records == reference
    assert bom.records == reference


@pytest.mark.shared_data
def test_content_hash_is_stable_across_encodings(at_export: bytes) -> None:
    text = _cp1252_safe(at_export)
    a = parse_aides_territoires_csv(text.encode("utf-8")).records
    b = parse_aides_territoires_csv(text.encode("cp1252")).records
    assert [r.content_hash for r in a] == [r.content_hash for r in b]
    assert len({r.content_hash for r in a}) == 60


@pytest.mark.shared_data
def test_truncated_file_is_refused_whole(at_export: bytes) -> None:
    # the last row ends with a long quoted description: cut inside it
    report = parse_aides_territoires_csv(at_export[:-100])
    assert not report.ok
    assert report.records == ()
    assert report.rows_read == 59
    assert len(report.errors) == 1 and "tronqué" in report.errors[0].reason
    assert report.errors[0].line == 61  # the last record starts after 59 records + header


@pytest.mark.shared_data
def test_wrong_delimiter_is_refused(at_export: bytes) -> None:
    semicolons = _rewrite(at_export, lambda rows: None, delimiter=";")
    report = parse_aides_territoires_csv(semicolons)
    assert not report.ok and report.records == ()
    assert "séparateur" in report.errors[0].reason


@pytest.mark.shared_data
def test_missing_column_is_refused(at_export: bytes) -> None:
    def drop_link(rows: list[list[str]]) -> None:
        index = rows[0].index("Lien")
        for row in rows:
            del row[index]

    report = parse_aides_territoires_csv(_rewrite(at_export, drop_link))
    assert not report.ok and report.records == ()
    assert [(e.line, e.field, e.reason) for e in report.errors] == [
        (1, "Lien", "colonne manquante")
    ]


@pytest.mark.shared_data
def test_duplicate_keys_are_refused(at_export: bytes) -> None:
    report = parse_aides_territoires_csv(_rewrite(at_export, lambda rows: rows.append(rows[3])))
    assert not report.ok and report.records == ()
    assert len(report.errors) == 1
    assert "identifiant en double" in report.errors[0].reason


def test_every_bad_row_is_reported_with_line_and_field() -> None:
    header = ",".join(AT_COLUMNS)
    good = "Aide A,https://aides-territoires.beta.gouv.fr/aides/a/,X,Communes,Subvention,,Permanente,texte,"
    bad_date = "Aide B,https://aides-territoires.beta.gouv.fr/aides/b/,X,Communes,Subvention,,,t,31/02/2023"
    bad_audience = (
        "Aide C,https://aides-territoires.beta.gouv.fr/aides/c/,X,Martiens,Subvention,,,t,"
    )
    no_url = "Aide D,,X,Communes,Subvention,,,t,"
    short = "Aide E,https://x.fr/e/"
    text = "\n".join([header, good, bad_date, bad_audience, no_url, short]) + "\n"
    report = parse_aides_territoires_csv(text)
    assert report.records == ()
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "Date Clôture"),
        (4, "Bénéficiaire"),
        (5, "Lien"),
        (6, ""),
    ]
    assert "Martiens" in report.errors[1].reason
    assert "2 champs au lieu de 9" in report.errors[3].reason


def test_multiline_record_reports_its_first_line() -> None:
    header = ",".join(AT_COLUMNS)
    row1 = 'A,https://a.fr/aides/a/,X,Communes,Subvention,,,"ligne 1\nligne 2\nligne 3",'
    row2 = "B,https://a.fr/aides/b/,X,Communes,Subvention,,,t,pas une date"
    report = parse_aides_territoires_csv("\n".join([header, row1, row2]) + "\n")
    assert [(e.line, e.field) for e in report.errors] == [(5, "Date Clôture")]


@pytest.mark.shared_data
def test_oversized_and_too_many_rows_are_refused(at_export: bytes) -> None:
    ten_times = at_export * 10
    report = parse_aides_territoires_csv(ten_times, max_bytes=2 * len(at_export))
    assert not report.ok and "trop volumineux" in report.errors[0].reason
    report = parse_aides_territoires_csv(at_export, max_records=10)
    assert not report.ok and report.records == ()
    assert "trop d'enregistrements" in report.errors[0].reason


@pytest.mark.shared_data
def test_binary_or_utf16_is_refused(at_export: bytes) -> None:
    report = parse_aides_territoires_csv(at_export.decode("utf-8").encode("utf-16"))
    assert not report.ok and "UTF-16" in report.errors[0].reason
    report = parse_aides_territoires_csv(bytes([0x81, 0x8D, 0x8F]) + b"abc")
    assert not report.ok and "encodage" in report.errors[0].reason


def test_empty_file_is_refused() -> None:
    assert parse_aides_territoires_csv(b"").errors[0].reason == "fichier vide"


def test_staff_template(fixture_bytes: Callable[[str], bytes]) -> None:
    report = parse_staff_csv(fixture_bytes("modele_personnel.csv"))
    assert report.ok, report.errors
    cyber, cheque, prize = report.records
    assert cyber.external_id == "norm-cyber-2026"
    assert cyber.is_aap and not cyber.is_ami
    assert cyber.aid_types == (AidType.SUBVENTION, AidType.INGENIERIE)
    assert cyber.audiences == (Audience.TPE, Audience.PME)
    assert cyber.themes == (Theme.CYBERSECURITE, Theme.NUMERIQUE)
    assert cyber.perimeter is not None and cyber.perimeter.code == "28"
    assert cyber.perimeter.label == "Normandie"
    assert (cyber.subsidy_rate_min, cyber.subsidy_rate_max) == (30, 50)
    assert (cyber.amount_min, cyber.amount_max) == (5000, 40000)
    assert cyber.naf_exclusions == ("01", "02", "03")
    assert str(cyber.opening_date) == "2026-02-01" and str(cyber.deadline) == "2026-06-30"
    assert cheque.perimeter is not None and cheque.perimeter.kind is PerimeterKind.DEPARTEMENT
    assert cheque.deadline is None and cheque.recurrence is Recurrence.PERMANENTE
    assert prize.external_id == prize.url  # no identifier given: the URL is the key
    assert prize.perimeter is not None and prize.perimeter.kind is PerimeterKind.EPCI


def test_staff_template_semicolons_in_cp1252() -> None:
    text = (
        ";".join((*STAFF_COLUMNS[:3], "types_aide", "publics", "date_limite", "perimetre"))
        + "\r\nx1;Prêt d'honneur « Numérique »;https://a.fr/p;Prêt|Garantie;TPE|PME;01/09/2026;Manche\r\n"
    )
    report = parse_staff_csv(text.encode("cp1252"))
    assert report.ok, report.errors
    (record,) = report.records
    assert record.title == "Prêt d'honneur « Numérique »"
    assert record.aid_types == (AidType.PRET, AidType.GARANTIE)
    assert record.perimeter is not None and record.perimeter.code == "50"


def test_staff_template_errors() -> None:
    text = (
        "titre,url,perimetre,taux_min,taux_max,thematiques,appel,colonne_en_trop\n"
        "A,https://a.fr/a,departement:99,,,,,\n"
        "B,https://a.fr/b,region:28,60,40,,,\n"
        "C,https://a.fr/c,,,,astrologie,,\n"
        "D,ftp://a.fr/d,,,,,AAP,\n"
        "E,https://a.fr/e,,,,,APP,\n"
        "F,https://a.fr/f,,150,,,,\n"
        "G,https://a.fr/g,,inf,nan,,,\n"
    )
    report = parse_staff_csv(text)
    assert report.records == ()
    assert [(e.line, e.field) for e in report.errors] == [
        (2, "perimetre"),
        (3, "taux_min"),
        (4, "thematiques"),
        (5, "url"),
        (6, "appel"),
        (7, "taux_min"),
        (8, "taux_min"),
        (8, "taux_max"),
    ]
    assert [(w.field, w.reason) for w in report.warnings] == [
        ("colonne_en_trop", "colonne inconnue, ignorée")
    ]


def test_staff_template_requires_title_and_url() -> None:
    report = parse_staff_csv("titre,description\nA,b\n")
    assert [(e.field, e.reason) for e in report.errors] == [("url", "colonne manquante")]
