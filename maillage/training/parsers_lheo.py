"""Pure parser for Carif-Oref LHEO XML (`lheo-index/resumes-offres/resume-offre`), via defusedxml.

Billion-laughs and external entities are refused by defusedxml; a malformed document or an offer
without number/title refuses the whole file.
"""

from __future__ import annotations

import re
from datetime import date
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from maillage.training import levels
from maillage.training.parsers_csv import LHEO_MODALITY
from maillage.training.records import CatalogueError, ProgrammeRecord, RowError, SessionRecord

MAX_BYTES = 50_000_000
_ROME = re.compile(r"^[A-N]\d{4}$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _first(el: Element | None, name: str) -> Element | None:
    found = _children(el, name) if el is not None else []
    return found[0] if found else None


def _text(el: Element | None, name: str) -> str:
    if el is None:
        return ""
    found = _children(el, name)
    return " ".join((found[0].text or "").split()) if found else ""


def lheo_date(raw: str) -> date | None:
    """LHEO dates are YYYYMMDD; "00" day or month means "unknown" and becomes the 1st."""
    raw = raw.strip()
    if not re.match(r"^\d{8}$", raw):
        return None
    year, month, day = int(raw[:4]), int(raw[4:6]) or 1, int(raw[6:8]) or 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_lheo(data: bytes) -> list[ProgrammeRecord]:
    if len(data) > MAX_BYTES:
        raise CatalogueError([RowError(0, "*", f"file larger than {MAX_BYTES} bytes")])
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise CatalogueError([RowError(0, "*", f"forbidden XML construct ({exc})")]) from exc
    except SafeET.ParseError as exc:
        raise CatalogueError([RowError(exc.position[0], "*", f"malformed XML ({exc})")]) from exc
    if _local(root.tag) not in ("lheo-index", "lheo"):
        raise CatalogueError([RowError(1, "*", f"root element {_local(root.tag)!r} is not LHEO")])
    offers = [el for el in root.iter() if _local(el.tag) == "resume-offre"]
    if not offers:
        raise CatalogueError([RowError(1, "*", "no <resume-offre> element")])
    out: list[ProgrammeRecord] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for n, offer in enumerate(offers, start=1):
        number = offer.get("numero", "").strip()
        title = _text(offer, "intitule-formation")
        if not number or not title:
            errors.append(RowError(n, "resume-offre", "offer without numero or title"))
            continue
        if number in seen:
            errors.append(RowError(n, "numero", f"duplicate offer {number}"))
            continue
        seen.add(number)
        domain = _first(offer, "domaine-formation")
        romes = tuple(
            (c.text or "").strip()
            for c in (_children(domain, "code-ROME") if domain is not None else [])
        )
        bad = [r for r in romes if not _ROME.match(r)]
        if bad:
            errors.append(RowError(n, "code-ROME", f"bad ROME code(s) {bad}"))
            continue
        hours = _text(offer, "nombre-heures-total")
        cert = _first(offer, "certification")
        rncp = _text(cert, "code-RNCP")
        rs = _text(cert, "code-RS")
        sessions = []
        for s in _children(offer, "session"):
            period = _first(s, "periode")
            address = next((a for a in s.iter() if _local(a.tag) == "adresse"), None)
            sessions.append(
                SessionRecord(
                    start=lheo_date(_text(period, "debut")),
                    end=lheo_date(_text(period, "fin")),
                    city=_text(address, "ville"),
                    postcode=_text(address, "codepostal"),
                )
            )
        exit_level = next(
            (
                (e.text or "").strip()
                for e in offer.iter()
                if _local(e.tag) == "extra" and e.get("info") == "code-niveau-sortie"
            ),
            "",
        )
        organisation = _first(offer, "nom-organisme")
        out.append(
            ProgrammeRecord(
                source="lheo",
                external_id=number,
                title=title,
                provider_name=" ".join((organisation.text or "").split())
                if organisation is not None
                else "",
                provider_siret=_text(offer, "SIRET"),
                certification_code=f"RNCP{rncp}" if rncp else (f"RS{rs}" if rs else ""),
                level=levels.from_digit(exit_level),  # LHEO codes 3–7 match 2019 levels
                nsf_code=_text(domain, "code-NSF"),
                duration_hours=int(hours) if hours.isdigit() else None,
                modality=LHEO_MODALITY.get(_text(offer, "modalites-enseignement"), ""),
                city=_text(offer, "ville"),
                postcode=_text(offer, "codepostal"),
                commune_insee=_text(offer, "code-INSEE-commune"),
                department=_text(offer, "departement"),
                funding=("prise en charge possible",)
                if _text(offer, "prise-en-charge-frais-possible") == "1"
                else (),
                rome_codes=tuple(dict.fromkeys(romes)),
                sessions=tuple(sessions),
            )
        )
    if errors:
        raise CatalogueError(errors)
    return out
