"""Catalogue parsers on hand-written files, broken files, and the real samples."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from maillage.training.parsers import parse_catalogue
from maillage.training.records import CatalogueError

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "training"


def test_onisep_fields() -> None:
    first, second, engineer, unknown = parse_catalogue("onisep", (FIX / "onisep.csv").read_bytes())
    # no "bac+N": the pre-2019 nomenclature code (I = bac+5 → 7; 0 = none)
    assert (engineer.level, unknown.level) == ("7", "")
    assert (first.external_id, first.certification_code, first.level) == ("FOR.1", "RNCP35295", "5")
    assert (first.provider_name, first.city, first.nsf_code) == ("Lycée Test", "Caen", "326")
    assert first.modality == "alternance" and first.duration_hours == 2 * 1607
    assert second.certification_code == "" and second.duration_hours == 6 * 134


def test_lheo_fields_and_sessions() -> None:
    web, soc = parse_catalogue("lheo", (FIX / "lheo.xml").read_bytes())
    assert web.title == "Développeur web et web mobile"
    assert (web.provider_siret, web.certification_code, web.level) == (
        "73282932000074", "RNCP37674", "5",
    )  # fmt: skip
    assert (web.modality, web.duration_hours, web.rome_codes) == ("mixte", 700, ("M1805",))
    assert web.funding == ("prise en charge possible",)
    assert [(s.start, s.end) for s in web.sessions] == [
        (date(2026, 9, 1), date(2027, 3, 15)),
        (date(2027, 1, 4), date(2027, 6, 30)),
    ]
    assert (soc.modality, soc.rome_codes, soc.sessions) == ("distanciel", (), ())


def test_cpf_rows_merge_rome_codes() -> None:
    records = parse_catalogue("cpf", (FIX / "cpf.csv").read_bytes())
    assert [(r.title, r.rome_codes, r.department) for r in records] == [
        ("Python pour la data", ("M1805", "M1811"), "14"),
        ("Sécurité des réseaux", ("M1844",), "76"),
    ]
    assert records[0].funding == ("CPF",) and records[0].modality == "distanciel"


def test_secnumedu_and_rncp() -> None:
    fisa, fise, course = parse_catalogue("secnumedu", (FIX / "secnumedu.csv").read_bytes())
    assert (fisa.modality, fise.modality) == ("alternance", "presentiel")
    assert (fisa.level, fise.level) == ("7", "6")  # Master, Licence pro
    # a short course's `diplome` is its topic: no level, the topic kept with the domain
    assert (course.level, course.domain) == ("", "cyber : Analyse de risques")
    rncp, rs = parse_catalogue("rncp", (FIX / "rncp.csv").read_bytes())
    assert (rncp.certification_code, rncp.level, rs.certification_code) == (
        "RNCP35295",
        "4",
        "RS5001",
    )


@pytest.mark.parametrize(
    ("fmt", "data", "reason"),
    [
        ("onisep", b"nom;url_onisep\nx;y\n", "wrong delimiter"),
        ("onisep", b"nom,ville\nx,Caen\n", "missing column(s): url_onisep"),
        ("rncp", b"code,intitule\nRNCP1,Titre\nRNCP1,Titre\n", "duplicate of line 2"),
        ("rncp", b"code,intitule\nXX12,Titre\n", "is not an RNCP/RS code"),
        ("rncp", b"code,intitule\nRNCP1,Titre\nRNCP2\n", "wrong number of fields"),
        (
            "cpf",
            b"formation.title,formation.proximiteRomes.code,duration,address.postalCode\n"
            b"A,ZZ,10,14000\n",
            "bad ROME",
        ),
        ("lheo", b"<lheo-index><resume-offre>", "malformed XML"),
        ("lheo", b"<other/>", "is not LHEO"),
        ("lheo", b"<lheo-index><resume-offre numero='1'/></lheo-index>", "without numero or title"),
        ("rncp", b"", "empty file"),
        ("rncp", b"code,intitule\n\x00\x01", "binary content"),
        ("nope", b"x", "unknown format"),
    ],
)
def test_broken_files_are_refused(fmt: str, data: bytes, reason: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(reason)):
        parse_catalogue(fmt, data)


def test_xml_entity_attacks_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<lheo-index>&b;</lheo-index>"
    )
    with pytest.raises(CatalogueError, match="forbidden XML construct"):
        parse_catalogue("lheo", bomb)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<lheo-index>&x;</lheo-index>"
    )
    with pytest.raises(CatalogueError, match="forbidden XML construct"):
        parse_catalogue("lheo", external)


def test_windows_1252_is_decoded() -> None:
    data = "code,intitule\nRNCP9,Sécurité réseaux\n".encode("cp1252")
    assert parse_catalogue("rncp", data)[0].title == "Sécurité réseaux"


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("fmt", "name", "count"),
    [
        ("onisep", "onisep_formations_2026.csv", 4775),
        ("onisep", "onisep_formations_numerique_cyber_data_ia.csv", 102),
        ("rncp", "rncp_rs_certifications_liste.csv", 6590),
        ("secnumedu", "secnumedu_formations_labellisees.csv", 111),
        ("cpf", "echantillon_cpf_formations_bob_emploi.csv", 8),
        ("lheo", "echantillon_intercarif_lheo_bob_emploi.xml", 10),
    ],
)
def test_real_samples(shared_data: Path, fmt: str, name: str, count: int) -> None:
    records = parse_catalogue(fmt, (shared_data / "formation" / name).read_bytes())
    assert len(records) == count
    assert all(r.title for r in records)
    # every level is one of the 2019 nomenclature's, never a source's free text
    assert {r.level for r in records} <= {"", "3", "4", "5", "6", "7", "8"}
