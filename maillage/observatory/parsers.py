"""Pure parsers for observatory inputs: France Travail offers (API JSON), a generic offers CSV,
and the BMO survey CSV. A bad file is refused whole (`InputError` with per-row reasons)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

MAX_BYTES = 200_000_000
MAX_ROWS = 2_000_000
_ROME = re.compile(r"^[A-N]\d{4}$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class InputError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"file refused, {len(errors)} error(s): {'; '.join(errors[:5])}{more}")


@dataclass(frozen=True)
class OfferRecord:
    source: str
    external_id: str
    title: str
    description: str
    rome_code: str
    commune_insee: str
    posted_on: date | None

    @property
    def department(self) -> str:
        c = self.commune_insee
        if not c:
            return ""
        return c[:3] if c.startswith("97") else c[:2]

    def content_hash(self) -> str:
        raw = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class BmoRecord:
    year: int
    occupation_code: str
    occupation_label: str
    family_code: str
    family_label: str
    region: str
    department: str
    basin: str
    basin_label: str
    projects: int
    difficult: int
    seasonal: int


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise InputError([f"file larger than {MAX_BYTES} bytes"])
    if not data.strip():
        raise InputError(["empty file"])
    if b"\x00" in data:
        raise InputError(["binary content (NUL bytes)"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _offer(data: dict[str, Any], where: str, source: str, errors: list[str]) -> OfferRecord | None:
    oid = str(data.get("id") or "").strip()
    title = str(data.get("intitule") or "").strip()
    if not oid:
        errors.append(f"{where}: field 'id' is missing")
        return None
    if not title:
        errors.append(f"{where}: field 'intitule' is missing")
        return None
    place = data.get("lieuTravail")
    commune = str(
        (place.get("commune") if isinstance(place, dict) else None)
        or data.get("lieuTravail.commune")
        or data.get("commune")
        or ""
    ).strip()
    if commune and not _INSEE.match(commune):
        errors.append(f"{where}: commune {commune!r} is not an INSEE code")
        return None
    rome = str(data.get("romeCode") or "").strip()
    if rome and not _ROME.match(rome):
        errors.append(f"{where}: romeCode {rome!r} is not a ROME code")
        return None
    raw_date = str(data.get("dateCreation") or "").strip()
    posted = _date(raw_date)
    if raw_date and posted is None:
        errors.append(f"{where}: dateCreation {raw_date!r} is not a date")
        return None
    return OfferRecord(
        source=source,
        external_id=oid[:60],
        title=title[:300],
        description=str(data.get("description") or ""),
        rome_code=rome,
        commune_insee=commune,
        posted_on=posted,
    )


def _finish(records: list[OfferRecord | None], errors: list[str]) -> list[OfferRecord]:
    seen: set[str] = set()
    out = []
    for r in records:
        if r is None:
            continue
        if r.external_id in seen:
            errors.append(f"offer {r.external_id}: duplicate id")
            continue
        seen.add(r.external_id)
        out.append(r)
    if errors:
        raise InputError(errors)
    return out


def parse_offers_json(data: bytes) -> list[OfferRecord]:
    """France Travail API JSON: a list of offers, or `{"resultats": [...]}` as the API answers."""
    text = _decode(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([f"not valid JSON (line {exc.lineno}: {exc.msg})"]) from exc
    items = doc.get("resultats") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError(["expected a list of offers or {'resultats': [...]}"])
    if len(items) > MAX_ROWS:
        raise InputError([f"more than {MAX_ROWS} offers"])
    errors: list[str] = []
    records = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(f"offer {n}: not an object")
            continue
        records.append(_offer(item, f"offer {n}", "france_travail", errors))
    return _finish(records, errors)


def parse_offers_csv(data: bytes) -> list[OfferRecord]:
    """A generic CSV (comma) with at least `id` and `intitule`; optional `description`,
    `romeCode`, `dateCreation`, `lieuTravail.commune` or `commune` (the flattened API format)."""
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    missing = [c for c in ("id", "intitule") if c not in fields]
    if missing:
        hint = " (wrong delimiter?)" if len(fields) == 1 else ""
        raise InputError([f"missing column(s): {', '.join(missing)}{hint}"])
    errors: list[str] = []
    records = []
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise InputError([f"more than {MAX_ROWS} rows"])
        if None in row or any(v is None for v in row.values()):
            errors.append(f"line {line}: wrong number of fields")
            continue
        records.append(_offer(dict(row), f"line {line}", "csv", errors))
    return _finish(records, errors)


BMO_COLUMNS = (
    "annee", "Code métier BMO", "Nom métier BMO", "Famille_met", "Lbl_fam_met", "REG",
    "Dept", "BE25", "NOMBE25", "met", "xmet", "smet",
)  # fmt: skip


def _count(raw: str) -> int | None:
    raw = raw.strip()
    if raw in ("", "*"):  # "*" is France Travail's own secret for tiny cells
        return 0
    return int(raw) if raw.isdigit() else None


def parse_bmo(data: bytes) -> list[BmoRecord]:
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    basin_col = next((f for f in fields if re.match(r"^BE\d\d$", f)), "BE25")
    name_col = "NOM" + basin_col
    required = [c if c != "BE25" else basin_col for c in BMO_COLUMNS]
    required = [c if c != "NOMBE25" else name_col for c in required]
    missing = [c for c in required if c not in fields]
    if missing:
        raise InputError([f"missing column(s): {', '.join(missing)}"])
    errors: list[str] = []
    out: list[BmoRecord] = []
    seen: set[tuple[str, str, str, str]] = set()
    for line, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            errors.append(f"line {line}: wrong number of fields")
            continue
        counts = [_count(row[c]) for c in ("met", "xmet", "smet")]
        if any(c is None for c in counts) or not row["annee"].isdigit():
            errors.append(f"line {line}: year and counts must be whole numbers")
            continue
        projects, difficult, seasonal = (c or 0 for c in counts)
        if difficult > projects or seasonal > projects:
            errors.append(f"line {line}: more difficult/seasonal projects than projects")
            continue
        # A basin can straddle départements: the cell is (year, occupation, basin, département).
        key = (row["annee"], row["Code métier BMO"], row[basin_col], row["Dept"])
        if key in seen:
            errors.append(f"line {line}: duplicate cell {key}")
            continue
        seen.add(key)
        out.append(
            BmoRecord(
                year=int(row["annee"]),
                occupation_code=row["Code métier BMO"].strip(),
                occupation_label=row["Nom métier BMO"].strip(),
                family_code=row["Famille_met"].strip(),
                family_label=row["Lbl_fam_met"].strip(),
                region=row["REG"].strip(),
                department=row["Dept"].strip(),
                basin=row[basin_col].strip(),
                basin_label=row[name_col].strip(),
                projects=projects,
                difficult=difficult,
                seasonal=seasonal,
            )
        )
    if errors:
        raise InputError(errors)
    return out
