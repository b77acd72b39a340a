"""RSS 2.0 and Atom 1.0 through defusedxml: real-looking feeds, XML attacks, broken feeds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from maillage_core.funding.parse_feeds import deadline_from_text, parse_feed


def test_rss(fixture_bytes: Callable[[str], bytes]) -> None:
    report = parse_feed(fixture_bytes("appels_rss.xml"), source="https://www.adnormandie.fr/rss")
    assert report.ok, report.errors
    idf, ami, export = report.records
    assert idf.external_id == "adn-aap-idf-2026"
    assert idf.title == "Appel à projets « Industrie du futur » 2026"
    assert idf.is_aap and not idf.is_ami
    assert idf.deadline == date(2026, 3, 15)
    assert idf.source_categories == ("Industrie",)
    assert "<p>" not in idf.description
    assert ami.is_ami and ami.deadline == date(2026, 4, 30)
    assert ami.external_id == "https://www.adnormandie.fr/ami-data-ia"
    assert export.external_id == export.url  # no guid: the link is the key
    assert export.deadline is None and not export.is_aap


def test_atom(fixture_bytes: Callable[[str], bytes]) -> None:
    report = parse_feed(fixture_bytes("appels_atom.xml"), source="bpifrance", funder="Bpifrance")
    assert report.ok, report.errors
    inov, diag = report.records
    assert inov.url == "https://www.bpifrance.fr/concours-i-nov-vague-14"  # rel=alternate
    assert inov.external_id == "tag:bpifrance.fr,2026:i-nov-14"
    assert inov.deadline == date(2026, 5, 12)
    assert inov.funders == ("Bpifrance",)
    assert inov.source_categories == ("Innovation", "Numérique")
    assert "cybersécurité" in inov.description and "&lt;" not in inov.description
    assert diag.url == "https://www.bpifrance.fr/diagnostic-data-ia"  # link without rel
    assert "intelligence artificielle" in diag.description  # <content> when no <summary>


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe.xml", "xxe_parameter_entity.xml"])
def test_xml_attacks_are_refused(fixture_bytes: Callable[[str], bytes], name: str) -> None:
    report = parse_feed(fixture_bytes(name), source="evil")
    assert not report.ok and report.records == ()
    assert "DTD ou entités interdites" in report.errors[0].reason


def test_windows_1252_feed() -> None:
    xml = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Prêt « numérique »</title><link>https://a.fr/p</link></item>"
        "</channel></rss>"
    ).encode("cp1252")
    report = parse_feed(xml, source="s")
    assert report.ok and report.records[0].title == "Prêt « numérique »"
    as_text = parse_feed(xml.decode("cp1252"), source="s")  # already decoded: not re-decoded
    assert as_text.records == report.records


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<rss><channel><item><title>coup", "XML invalide"),
        (b"<html><body>page</body></html>", "ni RSS 2.0 ni Atom 1.0"),
        (b"", "XML invalide"),
    ],
)
def test_broken_feeds_are_refused(payload: bytes, reason: str) -> None:
    report = parse_feed(payload, source="s")
    assert not report.ok and reason in report.errors[0].reason


def test_items_without_link_or_title_refuse_the_feed() -> None:
    xml = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>ok</title><link>https://a.fr/1</link></item>"
        b"<item><title>sans lien</title></item>"
        b"<item><link>https://a.fr/3</link></item>"
        b"<item><title>javascript</title><link>javascript:alert(1)</link></item>"
        b"</channel></rss>"
    )
    report = parse_feed(xml, source="s")
    assert report.records == ()
    assert [(e.line, e.field) for e in report.errors] == [(2, "link"), (3, "title"), (4, "link")]


def test_feed_size_and_item_limits(fixture_bytes: Callable[[str], bytes]) -> None:
    data = fixture_bytes("appels_rss.xml")
    assert not parse_feed(data, source="s", max_bytes=100).ok
    report = parse_feed(data, source="s", max_records=2)
    assert not report.ok and "trop d'enregistrements" in report.errors[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date limite de dépôt : 15/03/2026.", date(2026, 3, 15)),
        ("Candidatures jusqu'au 30 avril 2026", date(2026, 4, 30)),
        ("Clôture le 1er décembre 2026 à midi", date(2026, 12, 1)),
        ("à déposer avant le 05-01-2027", date(2027, 1, 5)),
        ("DATE LIMITE : 31 août 2026", date(2026, 8, 31)),
        ("Date limite de dépôt des dossiers fixée au 15/03/2026", date(2026, 3, 15)),
        ("Publié le 15/03/2026", None),
        ("date limite : 31/02/2026", None),
        ("aucune date", None),
    ],
)
def test_deadline_from_text(text: str, expected: date | None) -> None:
    assert deadline_from_text(text) == expected
