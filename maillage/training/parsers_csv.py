"""Pure parsers for the CSV catalogues: ONISEP, RNCP/RS, SecNumEdu, Mon Compte Formation.

Input is decoded text; output is `ProgrammeRecord`s or a `CatalogueError` listing every bad row
(the importer writes nothing then). Required columns are checked before any row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence

from maillage.training import levels
from maillage.training.records import (
    CatalogueError,
    ProgrammeRecord,
    RowError,
    stable_id,
)

MAX_ROWS = 200_000
_ROME = re.compile(r"^[A-N]\d{4}$")
_DIGITS = re.compile(r"^\d+$")
_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*an", re.I)
_MONTHS = re.compile(r"(\d+)\s*mois", re.I)
# Mon Compte Formation / LHEO `modalites-enseignement`.
LHEO_MODALITY = {"0": "presentiel", "1": "mixte", "2": "distanciel"}

Row = dict[str, str]
RowParser = Callable[[Row, int], ProgrammeRecord | list[RowError]]


def _reader(text: str, required: Sequence[str]) -> csv.DictReader[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    head = text.split("\n", 1)[0]
    if head.count(",") == 0 and (";" in head or "\t" in head):
        raise CatalogueError([RowError(1, "*", "wrong delimiter (expected a comma)")])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogueError([RowError(1, "*", f"missing column(s): {', '.join(missing)}")])
    return reader


def _parse(text: str, required: Sequence[str], row_parser: RowParser) -> list[ProgrammeRecord]:
    reader = _reader(text, required)
    width = len(reader.fieldnames or [])
    out: list[ProgrammeRecord] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(reader, start=2):
        if index > MAX_ROWS + 1:
            raise CatalogueError([RowError(index, "*", f"more than {MAX_ROWS} rows")])
        if None in row or len(row) != width or any(v is None for v in row.values()):
            errors.append(RowError(index, "*", "wrong number of fields (truncated line?)"))
            continue
        result = row_parser({k: (v or "").strip() for k, v in row.items()}, index)
        if isinstance(result, list):
            errors.extend(result)
            continue
        if result.external_id in seen:
            errors.append(RowError(index, "id", f"duplicate of line {seen[result.external_id]}"))
            continue
        seen[result.external_id] = index
        out.append(result)
    if errors:
        raise CatalogueError(errors)
    return out


def hours_from_text(text: str) -> int | None:
    """Rough hours from "2 ans" / "6 mois" (a year = 1,607 h of work, a month = 134 h)."""
    if m := _YEARS.search(text):
        return round(float(m.group(1).replace(",", ".")) * 1607)
    if m := _MONTHS.search(text):
        return int(m.group(1)) * 134
    return None


def _onisep(row: Row, line: int) -> ProgrammeRecord | list[RowError]:
    errors: list[RowError] = []
    title = row["nom"]
    url = row["url_onisep"]
    if not title:
        errors.append(RowError(line, "nom", "empty title"))
    slug = url.rsplit("/", 1)[-1] if url else ""
    if not slug:
        errors.append(RowError(line, "url_onisep", "no ONISEP identifier"))
    rncp = row.get("rncp", "")
    if rncp and not _DIGITS.match(rncp):
        errors.append(RowError(line, "rncp", f"RNCP number {rncp!r} is not digits"))
    if errors:
        return errors
    # "bac+3" words, else the pre-2019 nomenclature code ONISEP also gives (1 = bac+5)
    level = levels.from_bac(row.get("niveau", "")) or levels.from_old_nomenclature(
        row.get("niveau_certification", "")
    )
    return ProgrammeRecord(
        source="onisep",
        external_id=slug,
        title=title,
        provider_name=row.get("etablissement", ""),
        certification_code=f"RNCP{rncp}" if rncp else "",
        level=level,
        nsf_code=row.get("code_nsf", ""),
        duration_hours=hours_from_text(row.get("duree", "")),
        duration_text=row.get("duree", ""),
        modality="alternance" if "apprentissage" in row.get("statut", "").lower() else "",
        city=row.get("ville", ""),
        url=url,
        domain=row.get("domaine", ""),
    )


def _rncp(row: Row, line: int) -> ProgrammeRecord | list[RowError]:
    code = row["code"]
    if not re.match(r"^(RNCP|RS)\d+$", code):
        return [RowError(line, "code", f"{code!r} is not an RNCP/RS code")]
    if not row["intitule"]:
        return [RowError(line, "intitule", "empty title")]
    return ProgrammeRecord(
        source="rncp",
        external_id=code,
        title=row["intitule"],
        certification_code=code,
        level=levels.from_digit(row.get("niveau_cadre_europeen", "")),
        url=row.get("url", ""),
        domain=row.get("type_certification", ""),
    )


def _secnumedu(row: Row, line: int) -> ProgrammeRecord | list[RowError]:
    if not row["nom"] or not row["etablissement"]:
        return [RowError(line, "nom", "empty title or establishment")]
    name = row["nom"]
    modality = "alternance" if "FISA" in name or "FISEA" in name else "presentiel"
    # `diplome` holds the diploma type, or for short courses (source_type FC) their topic
    diploma = row.get("diplome", "")
    level = levels.from_diploma(diploma)
    topic = diploma if diploma and not level else ""
    return ProgrammeRecord(
        source="secnumedu",
        external_id=stable_id(name, row["etablissement"]),
        title=name,
        provider_name=row["etablissement"],
        level=level,
        modality=modality,
        domain=f"cyber : {topic}" if topic else "cyber",
        funding=("apprentissage",) if modality == "alternance" else (),
    )


def parse_onisep(text: str) -> list[ProgrammeRecord]:
    return _parse(text, ("nom", "url_onisep"), _onisep)


def parse_rncp(text: str) -> list[ProgrammeRecord]:
    return _parse(text, ("code", "intitule"), _rncp)


def parse_secnumedu(text: str) -> list[ProgrammeRecord]:
    return _parse(text, ("nom", "etablissement"), _secnumedu)


CPF_COLUMNS = ("formation.title", "formation.proximiteRomes.code", "duration", "address.postalCode")


def parse_cpf(text: str) -> list[ProgrammeRecord]:
    """Mon Compte Formation rows: one row per (programme, nearby ROME code), merged here."""
    reader = _reader(text, CPF_COLUMNS)
    errors: list[RowError] = []
    grouped: dict[str, tuple[Row, list[str]]] = {}
    for index, raw in enumerate(reader, start=2):
        if index > MAX_ROWS + 1:
            raise CatalogueError([RowError(index, "*", f"more than {MAX_ROWS} rows")])
        if None in raw or any(v is None for v in raw.values()):
            errors.append(RowError(index, "*", "wrong number of fields (truncated line?)"))
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        title, rome, hours = (
            row["formation.title"],
            row["formation.proximiteRomes.code"],
            row["duration"],
        )
        if not title:
            errors.append(RowError(index, "formation.title", "empty title"))
        if rome and not _ROME.match(rome):
            errors.append(RowError(index, "formation.proximiteRomes.code", f"bad ROME {rome!r}"))
        if hours and not _DIGITS.match(hours):
            errors.append(RowError(index, "duration", f"{hours!r} is not a number of hours"))
        postcode = row["address.postalCode"]
        if postcode and not re.match(r"^\d{5}$", postcode):
            errors.append(RowError(index, "address.postalCode", f"bad postcode {postcode!r}"))
        key = stable_id(title, postcode, hours, row.get("totalPriceTTC", ""))
        grouped.setdefault(key, (row, []))[1].append(rome)
    if errors:
        raise CatalogueError(errors)
    out = []
    for key, (row, romes) in grouped.items():
        postcode = row["address.postalCode"]
        out.append(
            ProgrammeRecord(
                source="cpf",
                external_id=key,
                title=row["formation.title"],
                duration_hours=int(row["duration"]) if row["duration"] else None,
                modality=LHEO_MODALITY.get(row.get("formation.codeModaliteEnseign", ""), ""),
                postcode=postcode,
                department=_department(postcode),
                funding=("CPF",),
                rome_codes=tuple(sorted({r for r in romes if r})),
            )
        )
    return out


def _department(postcode: str) -> str:
    if len(postcode) != 5:
        return ""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]
