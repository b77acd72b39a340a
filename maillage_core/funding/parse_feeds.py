"""RSS 2.0 and Atom 1.0 (RFC 4287) feeds of calls, read only through defusedxml.

The parser forbids any DTD (`forbid_dtd=True`): the "billion laughs" entity expansion and
external entities (XXE) both need one, so such a document is refused before any entity is
expanded or any file/URL is read. Feeds rarely carry a deadline field, so one is looked for in
the text ("date limite : 15/03/2026", "jusqu'au 15 mars 2026").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from maillage_core.funding._common import (
    MAX_BYTES,
    MAX_RECORDS,
    ReportBuilder,
    clean_text,
    clean_url,
    looks_like_ami,
    refused,
)
from maillage_core.funding.types import CallRecord, ParseReport
from maillage_core.funding.vocab import fold

RSS = "rss"
ATOM_NS = "{http://www.w3.org/2005/Atom}"

_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_DATE = r"(\d{1,2})(?:er)?[ /.-](\d{1,2}|" + "|".join(_MONTHS) + r")[ /.-](\d{4})"
_DEADLINE = re.compile(
    r"(?:date limite(?: de (?:depot|candidature|reponse|remise))?|cloture(?: des candidatures)?"
    r"|jusqu'au|avant le|au plus tard le|deadline)\D{0,30}?" + _DATE
)


def deadline_from_text(text: str) -> date | None:
    """The first deadline announced in French text, or None.

    Looks for a deadline phrase followed within 30 characters by a date written 15/03/2026,
    15-03-2026 or "15 mars 2026" (accents folded first). An impossible date gives None.
    """
    m = _DEADLINE.search(fold(text))
    if m is None:
        return None
    day, month_text, year = m.groups()
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def _child_text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def parse_feed(
    data: bytes | str,
    *,
    source: str = "rss",
    funder: str = "",
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse an RSS 2.0 or Atom 1.0 document (detected from its root element).

    `funder`, when the feed is registered as one funder's feed, is set on every call. The
    external id is the item's guid (RSS) or id (Atom), else its link.
    """
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        return refused(RSS, f"fichier trop volumineux ({size} > {max_bytes} octets)")
    try:
        # bytes: the XML declaration's encoding applies; str: already decoded, it is ignored
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        return refused(RSS, f"XML refusé : DTD ou entités interdites ({type(exc).__name__})")
    except ParseError as exc:
        return refused(RSS, f"XML invalide (fichier tronqué ?) : {exc}", line=exc.position[0])
    b = ReportBuilder(RSS, max_records=max_records)
    parse: Callable[[Element], _Item]
    if root.tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        parse = _rss_item
    elif root.tag == f"{ATOM_NS}feed":
        items = root.findall(f"{ATOM_NS}entry")
        parse = _atom_entry
    else:
        return refused(RSS, f"ni RSS 2.0 ni Atom 1.0 (racine « {root.tag} »)")
    for index, item in enumerate(items, start=1):
        if not b.count_row():
            break
        record = _record(index, parse(item), source, funder, b)
        if record is not None:
            b.add(index, record)
    return b.build()


@dataclass(frozen=True)
class _Item:
    title: str
    link: str
    id: str
    description: str
    categories: tuple[str, ...]


def _rss_item(item: Element) -> _Item:
    return _Item(
        title=_child_text(item, "title"),
        link=_child_text(item, "link"),
        id=_child_text(item, "guid"),
        description=_child_text(item, "description"),
        categories=tuple((c.text or "").strip() for c in item.findall("category")),
    )


def _atom_entry(entry: Element) -> _Item:
    link = ""
    for candidate in entry.findall(f"{ATOM_NS}link"):
        if candidate.get("rel", "alternate") == "alternate":
            link = candidate.get("href", "")
            break
    summary = _child_text(entry, f"{ATOM_NS}summary") or _child_text(entry, f"{ATOM_NS}content")
    return _Item(
        title=_child_text(entry, f"{ATOM_NS}title"),
        link=link,
        id=_child_text(entry, f"{ATOM_NS}id"),
        description=summary,
        categories=tuple(c.get("term", "") for c in entry.findall(f"{ATOM_NS}category")),
    )


def _record(
    index: int, item: _Item, source: str, funder: str, b: ReportBuilder
) -> CallRecord | None:
    title = clean_text(item.title)
    link = clean_url(item.link)
    before = len(b.errors)
    if not title:
        b.error(index, "title", "titre manquant")
    if not link.startswith(("http://", "https://")):
        b.error(index, "link", f"lien manquant ou invalide « {item.link[:80]} »")
    if len(b.errors) > before:
        return None
    description = clean_text(item.description)
    folded = fold(title)
    ami = looks_like_ami(title)
    return CallRecord(
        source=source,
        external_id=item.id or link,
        title=title,
        url=link,
        description=description,
        funders=(funder,) if funder else (),
        is_aap=not ami and ("appel a projet" in folded or bool(re.search(r"\baap\b", folded))),
        is_ami=ami,
        deadline=deadline_from_text(f"{title}\n{description}"),
        source_categories=tuple(c for c in item.categories if c),
    )
