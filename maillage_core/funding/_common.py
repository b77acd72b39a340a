"""Helpers shared by the parsers: decoding, HTML to text, dates, URLs, vocabularies, limits."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from maillage_core.funding.territories import DEPARTEMENTS, REGIONS
from maillage_core.funding.types import (
    EUROPE,
    FRANCE,
    CallRecord,
    ParseIssue,
    ParseReport,
    Perimeter,
)
from maillage_core.funding.vocab import (
    AID_TYPE_ALIASES,
    AID_TYPE_LABELS,
    AUDIENCE_ALIASES,
    AUDIENCE_LABELS,
    RECURRENCE_ALIASES,
    RECURRENCE_LABELS,
    THEME_ALIASES,
    THEME_LABELS,
    AidType,
    Audience,
    PerimeterKind,
    Recurrence,
    Theme,
    fold,
    lookup,
)

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-call Aides-territoires export is ~17 MB
MAX_RECORDS = 50_000


class InputError(Exception):
    """The input as a whole cannot be read (encoding, size, syntax)."""


def decode(data: bytes | str, *, max_bytes: int = MAX_BYTES) -> str:
    """Text of `data` in Unicode NFC: UTF-8 (with or without BOM), else Windows-1252; refuse
    NUL bytes. NFC because real exports mix composed "é" and decomposed "e\u0301".

    UTF-8 is tried first because a valid UTF-8 byte string with non-ASCII characters is almost
    never meaningful cp1252; cp1252 leaves 5 bytes undefined, so a binary file still fails.
    """
    if isinstance(data, str):
        if len(data.encode("utf-8")) > max_bytes:
            raise InputError(f"fichier trop volumineux (> {max_bytes} octets)")
        return unicodedata.normalize("NFC", data.removeprefix("\ufeff"))
    if len(data) > max_bytes:
        raise InputError(f"fichier trop volumineux ({len(data)} > {max_bytes} octets)")
    if b"\x00" in data:
        raise InputError("octets nuls : fichier binaire ou encodage UTF-16/32 non pris en charge")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1252"))
    except UnicodeDecodeError as exc:
        raise InputError("encodage illisible (ni UTF-8 ni Windows-1252)") from exc


_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<\s*(br|/p|/li|/h[1-6]|/div|/tr)\b[^>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: comments and tags dropped, entities decoded, block ends
    kept as line breaks, runs of spaces collapsed."""
    text = _COMMENT.sub("", value)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (" ".join(line.split()) for line in text.replace("\xa0", " ").splitlines())
    return "\n".join(line for line in lines if line)


def clean_text(value: object) -> str:
    if value is None:
        return ""
    return html_to_text(str(value))


def clean_url(value: object) -> str:
    """A URL with stray whitespace removed ("https: //x" occurs in real provider data)."""
    if not value:
        return ""
    return "".join(str(value).split())


_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: object) -> date | None:
    """A date from "31/12/2023", "2023-12-31" or an ISO datetime (its local date part, so
    "2023-12-31T23:59:59+01:00" is 31 December). Empty -> None; anything else -> ValueError."""
    if value is None:
        return None
    text = "".join(str(value).split())
    if not text:
        return None
    m = _FR_DATE.match(text)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def split_multi(value: object, sep: str = ";") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    else:
        items = str(value).split(sep)
    out = []
    for item in items:
        text = html.unescape(" ".join(str(item).split()))
        if text and text not in out:
            out.append(text)
    return tuple(out)


E = TypeVar("E", bound=StrEnum)


def map_values(
    raw: Iterable[str], convert: Callable[[str], E | None]
) -> tuple[tuple[E, ...], tuple[str, ...]]:
    """(known values in first-seen order without repeats, unknown raw labels)."""
    known: list[E] = []
    unknown: list[str] = []
    for label in raw:
        value = convert(label)
        if value is None:
            unknown.append(label)
        elif value not in known:
            known.append(value)
    return tuple(known), tuple(unknown)


def to_aid_type(text: str) -> AidType | None:
    return lookup(AidType, AID_TYPE_LABELS, AID_TYPE_ALIASES, text)


def to_audience(text: str) -> Audience | None:
    return lookup(Audience, AUDIENCE_LABELS, AUDIENCE_ALIASES, text)


def to_recurrence(text: str) -> Recurrence | None:
    return lookup(Recurrence, RECURRENCE_LABELS, RECURRENCE_ALIASES, text)


def to_theme(text: str) -> Theme | None:
    return lookup(Theme, THEME_LABELS, THEME_ALIASES, text)


_REGION_BY_NAME = {fold(name): code for code, name in REGIONS.items()}
_DEPARTEMENT_BY_NAME = {fold(name): code for code, (name, _reg) in DEPARTEMENTS.items()}


def perimeter_from_name(name: str, kind: PerimeterKind | None = None) -> Perimeter | None:
    """A perimeter from a plain name: "France", "Europe", a region or département name.

    `kind` restricts the lookup to one level (Aides-territoires writes "La Réunion (Région)"
    and "La Réunion (Département)": the same name at two levels)."""
    key = fold(name)
    if kind in (None, PerimeterKind.FRANCE) and key in (
        "france",
        "national",
        "france entiere",
        "france metropolitaine et outre-mer",
    ):
        return FRANCE
    if kind in (None, PerimeterKind.EUROPE) and key in ("europe", "union europeenne", "ue"):
        return EUROPE
    if kind in (None, PerimeterKind.REGION) and key in _REGION_BY_NAME:
        code = _REGION_BY_NAME[key]
        return Perimeter(PerimeterKind.REGION, code, REGIONS[code])
    if kind in (None, PerimeterKind.DEPARTEMENT) and key in _DEPARTEMENT_BY_NAME:
        code = _DEPARTEMENT_BY_NAME[key]
        return Perimeter(PerimeterKind.DEPARTEMENT, code, DEPARTEMENTS[code][0])
    return None


def perimeter_from_spec(spec: str) -> Perimeter:
    """A perimeter from "kind:code" (staff template: "departement:50", "region:28",
    "commune:50502", "epci:200066389", "france", "europe") or a plain name. ValueError if not."""
    text = spec.strip()
    if ":" in text:
        kind_text, code = (part.strip() for part in text.split(":", 1))
        try:
            kind = PerimeterKind(fold(kind_text))
        except ValueError as exc:
            raise ValueError(f"niveau de périmètre inconnu « {kind_text} »") from exc
        if kind is PerimeterKind.DEPARTEMENT:
            if code not in DEPARTEMENTS:
                raise ValueError(f"département inconnu « {code} »")
            return Perimeter(kind, code, DEPARTEMENTS[code][0])
        if kind is PerimeterKind.REGION:
            if code not in REGIONS:
                raise ValueError(f"région inconnue « {code} »")
            return Perimeter(kind, code, REGIONS[code])
        if kind is PerimeterKind.COMMUNE and not re.fullmatch(r"\d[\dAB]\d{3}", code):
            raise ValueError(f"code commune INSEE invalide « {code} »")
        if kind is PerimeterKind.EPCI and not re.fullmatch(r"\d{9}", code):
            raise ValueError(f"SIREN d'EPCI invalide « {code} »")
        if kind is PerimeterKind.FRANCE:
            return FRANCE
        if kind is PerimeterKind.EUROPE:
            return EUROPE
        return Perimeter(kind, code, code)
    found = perimeter_from_name(text)
    if found is None:
        raise ValueError(f"périmètre inconnu « {text} »")
    return found


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"nombre non fini : {text}")
    return number


def parse_percent(value: object) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    number = round(_finite(str(value).replace("%", "").replace(",", ".").strip()))
    if not 0 <= number <= 100:
        raise ValueError(f"taux hors de 0–100 : {value}")
    return number


def parse_amount(value: object) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = "".join(str(value).replace("€", "").split()).replace(",", ".")
    number = round(_finite(text))
    if number < 0:
        raise ValueError(f"montant négatif : {value}")
    return number


def looks_like_ami(title: str) -> bool:
    """An AMI (appel à manifestation d'intérêt) rather than an AAP, from its title."""
    folded = fold(title)
    return "manifestation d'interet" in folded or bool(re.search(r"\bami\b", folded))


@dataclass
class ReportBuilder:
    """Collects records and issues, then refuses the file whole if any error was found."""

    format: str
    max_records: int = MAX_RECORDS
    records: list[CallRecord] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)
    warnings: list[ParseIssue] = field(default_factory=list)
    rows_read: int = 0
    next_page: str = ""
    _seen: dict[str, int] = field(default_factory=dict)

    def error(self, line: int, field_name: str, reason: str) -> None:
        self.errors.append(ParseIssue(line, field_name, reason))

    def warn(self, line: int, field_name: str, reason: str) -> None:
        self.warnings.append(ParseIssue(line, field_name, reason))

    def add(self, line: int, record: CallRecord) -> None:
        previous = self._seen.get(record.external_id)
        if previous is not None:
            self.error(
                line,
                "external_id",
                f"identifiant en double « {record.external_id} » (déjà ligne {previous})",
            )
            return
        self._seen[record.external_id] = line
        self.records.append(record)

    def count_row(self) -> bool:
        """Count one more row; False (with a file error, once) when over the row limit."""
        self.rows_read += 1
        if self.rows_read == self.max_records + 1:
            self.error(0, "", f"trop d'enregistrements (> {self.max_records})")
        return self.rows_read <= self.max_records

    def build(self) -> ParseReport:
        return ParseReport(
            format=self.format,
            records=() if self.errors else tuple(self.records),
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            rows_read=self.rows_read,
            next_page=self.next_page,
        )


def refused(format_name: str, reason: str, *, field_name: str = "", line: int = 0) -> ParseReport:
    return ParseReport(format=format_name, errors=(ParseIssue(line, field_name, reason),))
