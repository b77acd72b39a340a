"""CSV parsers: the Aides-territoires export and the staff template.

Both are refused whole on any error (see `ParseReport`), with one issue per problem: line
(physical line where the record starts), column, reason. The CSV reader runs in strict mode,
so an unterminated quote (a truncated file) is an error, not a silently merged row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from maillage_core.funding._common import (
    MAX_BYTES,
    MAX_RECORDS,
    InputError,
    ReportBuilder,
    clean_text,
    clean_url,
    decode,
    looks_like_ami,
    map_values,
    parse_amount,
    parse_date,
    parse_percent,
    perimeter_from_spec,
    refused,
    split_multi,
    to_aid_type,
    to_audience,
    to_recurrence,
    to_theme,
)
from maillage_core.funding.types import CallRecord, ParseReport
from maillage_core.funding.vocab import fold

AT_CSV = "aides-territoires-csv"
STAFF_CSV = "csv"

AT_COLUMNS = (
    "Nom",
    "Lien",
    "Financeurs",
    "Bénéficiaire",
    "Types d'aides",
    "AAP/AMI",
    "Récurrence",
    "Descriptif",
    "Date Clôture",
)

# The staff template (documented in docs/funding.md). Multi-valued cells use ";" inside the
# cell when the file is comma-separated, and "|" when the file itself is ";"-separated.
STAFF_COLUMNS = (
    "identifiant",
    "titre",
    "url",
    "description",
    "financeurs",
    "instructeurs",
    "programmes",
    "types_aide",
    "appel",
    "recurrence",
    "date_ouverture",
    "date_pre_depot",
    "date_limite",
    "publics",
    "perimetre",
    "thematiques",
    "taux_min",
    "taux_max",
    "montant_min",
    "montant_max",
    "naf_exclus",
)
STAFF_REQUIRED = ("titre", "url")

Row = dict[str, str]


def _rows(
    text: str,
    delimiter: str,
    expected: tuple[str, ...],
    required: tuple[str, ...],
    b: ReportBuilder,
) -> Iterator[tuple[int, Row]]:
    """Yield (start line, row) after checking the header; record problems in `b`."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        b.error(0, "", "fichier vide")
        return
    except csv.Error as exc:
        b.error(1, "", f"en-tête illisible : {exc}")
        return
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", ",")):
        b.error(1, "", f"séparateur incorrect : « {delimiter} » attendu")
        return
    missing = [c for c in required if c not in header]
    for column in missing:
        b.error(1, column, "colonne manquante")
    if missing:
        return
    for column in header:
        if column not in expected:
            b.warn(1, column, "colonne inconnue, ignorée")
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            b.error(start, "", f"CSV invalide (fichier tronqué ?) : {exc}")
            return
        if not any(cell.strip() for cell in cells):
            continue
        if not b.count_row():
            return
        if len(cells) != len(header):
            b.error(start, "", f"{len(cells)} champs au lieu de {len(header)}")
            continue
        yield start, dict(zip(header, cells, strict=True))


def _read_text(data: bytes | str, format_name: str, max_bytes: int) -> str | ParseReport:
    try:
        return decode(data, max_bytes=max_bytes)
    except InputError as exc:
        return refused(format_name, str(exc))


def _at_slug(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def parse_aides_territoires_csv(
    data: bytes | str,
    *,
    source: str = "aides-territoires",
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse the Aides-territoires CSV export (columns `AT_COLUMNS`, comma-separated).

    The external id is the aid's slug in its Aides-territoires URL; audiences and aid types
    must belong to Aides-territoires' vocabularies (an unknown label is an error, since the
    export is generated from fixed choices).
    """
    text = _read_text(data, AT_CSV, max_bytes)
    if isinstance(text, ParseReport):
        return text
    b = ReportBuilder(AT_CSV, max_records=max_records)
    for line, row in _rows(text, ",", AT_COLUMNS, AT_COLUMNS, b):
        record = _at_row(line, row, source, b)
        if record is not None:
            b.add(line, record)
    return b.build()


def _at_row(line: int, row: Row, source: str, b: ReportBuilder) -> CallRecord | None:
    before = len(b.errors)
    title = clean_text(row["Nom"])
    url = clean_url(row["Lien"])
    if not title:
        b.error(line, "Nom", "valeur obligatoire")
    if not url.startswith(("http://", "https://")) or not _at_slug(url):
        b.error(line, "Lien", f"URL invalide « {row['Lien'][:80]} »")
    audiences, unknown = map_values(split_multi(row["Bénéficiaire"]), to_audience)
    for label in unknown:
        b.error(line, "Bénéficiaire", f"public inconnu « {label} »")
    aid_types, unknown = map_values(split_multi(row["Types d'aides"]), to_aid_type)
    for label in unknown:
        b.error(line, "Types d'aides", f"type d'aide inconnu « {label} »")
    recurrence = to_recurrence(row["Récurrence"]) if row["Récurrence"].strip() else None
    if row["Récurrence"].strip() and recurrence is None:
        b.error(line, "Récurrence", f"récurrence inconnue « {row['Récurrence']} »")
    flag = fold(row["AAP/AMI"])
    if flag not in ("", "oui", "non"):
        b.error(line, "AAP/AMI", f"valeur attendue Oui ou vide, pas « {row['AAP/AMI']} »")
    deadline = _date_cell(line, row, "Date Clôture", b)
    if len(b.errors) > before:
        return None
    is_call = flag == "oui"
    ami = is_call and looks_like_ami(title)
    return CallRecord(
        source=source,
        external_id=_at_slug(url),
        title=title,
        url=url,
        description=clean_text(row["Descriptif"]),
        funders=split_multi(row["Financeurs"]),
        aid_types=aid_types,
        is_aap=is_call and not ami,
        is_ami=ami,
        recurrence=recurrence,
        deadline=deadline,
        audiences=audiences,
        source_categories=(),
    )


def _date_cell(line: int, row: Row, column: str, b: ReportBuilder) -> date | None:
    try:
        return parse_date(row.get(column, ""))
    except ValueError:
        b.error(line, column, f"date invalide « {row[column]} » (JJ/MM/AAAA ou AAAA-MM-JJ)")
        return None


def parse_staff_csv(
    data: bytes | str,
    *,
    source: str = "staff",
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse the staff template (columns `STAFF_COLUMNS`; "," or ";" separated, sniffed from
    the header). Vocabulary cells accept the slug or the French label."""
    text = _read_text(data, STAFF_CSV, max_bytes)
    if isinstance(text, ParseReport):
        return text
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    inner = "|" if delimiter == ";" else ";"
    b = ReportBuilder(STAFF_CSV, max_records=max_records)
    for line, row in _rows(text, delimiter, STAFF_COLUMNS, STAFF_REQUIRED, b):
        record = _staff_row(line, row, source, inner, b)
        if record is not None:
            b.add(line, record)
    return b.build()


E = TypeVar("E", bound=StrEnum)


def _multi(
    line: int,
    row: Row,
    column: str,
    inner: str,
    convert: Callable[[str], E | None],
    b: ReportBuilder,
) -> tuple[E, ...]:
    known, unknown = map_values(split_multi(row.get(column, ""), inner), convert)
    for label in unknown:
        b.error(line, column, f"valeur inconnue « {label} »")
    return known


def _staff_row(line: int, row: Row, source: str, inner: str, b: ReportBuilder) -> CallRecord | None:
    before = len(b.errors)

    def multi(column: str, convert: Callable[[str], E | None]) -> tuple[E, ...]:
        return _multi(line, row, column, inner, convert, b)

    def number(column: str, convert: Callable[[object], int | None]) -> int | None:
        try:
            return convert(row.get(column, ""))
        except ValueError as exc:
            b.error(line, column, f"nombre invalide « {row[column]} » ({exc})")
            return None

    title = clean_text(row["titre"])
    url = clean_url(row["url"])
    if not title:
        b.error(line, "titre", "valeur obligatoire")
    if not url.startswith(("http://", "https://")):
        b.error(line, "url", f"URL invalide « {row['url'][:80]} »")
    aid_types = multi("types_aide", to_aid_type)
    audiences = multi("publics", to_audience)
    themes = multi("thematiques", to_theme)
    call = fold(row.get("appel", ""))
    if call not in ("", "aap", "ami"):
        b.error(line, "appel", f"valeur attendue AAP, AMI ou vide, pas « {row['appel']} »")
    recurrence = None
    if row.get("recurrence", "").strip():
        recurrence = to_recurrence(row["recurrence"])
        if recurrence is None:
            b.error(line, "recurrence", f"récurrence inconnue « {row['recurrence']} »")
    perimeter = None
    if row.get("perimetre", "").strip():
        try:
            perimeter = perimeter_from_spec(row["perimetre"])
        except ValueError as exc:
            b.error(line, "perimetre", str(exc))
    opening = _date_cell(line, row, "date_ouverture", b)
    predeposit = _date_cell(line, row, "date_pre_depot", b)
    deadline = _date_cell(line, row, "date_limite", b)
    rates = (number("taux_min", parse_percent), number("taux_max", parse_percent))
    amounts = (number("montant_min", parse_amount), number("montant_max", parse_amount))
    for (low, high), column in ((rates, "taux_min"), (amounts, "montant_min")):
        if low is not None and high is not None and low > high:
            b.error(line, column, "minimum supérieur au maximum")
    if len(b.errors) > before:
        return None
    return CallRecord(
        source=source,
        external_id=row.get("identifiant", "").strip() or url,
        title=title,
        url=url,
        description=clean_text(row.get("description", "")),
        funders=split_multi(row.get("financeurs", ""), inner),
        instructors=split_multi(row.get("instructeurs", ""), inner),
        programmes=split_multi(row.get("programmes", ""), inner),
        aid_types=aid_types,
        is_aap=call == "aap",
        is_ami=call == "ami",
        recurrence=recurrence,
        opening_date=opening,
        predeposit_date=predeposit,
        deadline=deadline,
        audiences=audiences,
        perimeter=perimeter,
        themes=themes,
        subsidy_rate_min=rates[0],
        subsidy_rate_max=rates[1],
        amount_min=amounts[0],
        amount_max=amounts[1],
        naf_exclusions=split_multi(row.get("naf_exclus", ""), inner),
    )
