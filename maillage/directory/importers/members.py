"""Import member spreadsheets (the network's own CSV of organisations).

Columns (see docs/import-format.md): external_id, siret, name, kind, description, services,
labels, naf, commune_insee, postcode, department, size_band, hq_country, website. `name` and one
of `external_id` / `siret` are required; the others may be absent or empty. Separator `,` or
`;` (French spreadsheets export `;`), UTF-8 or Windows-1252. Every row is checked first; a bad
file is refused whole and nothing is written. Natural key: SIRET, else (source, external_id).

`services` and `labels` are free text as members write them (`maillage_core.member_sheet`):
every service item is kept as a specialty and links the domains it names; a label the
catalogue does not know is kept as declared, not verified. Neither is ever an error: what
deserves a look is reported as a warning (line, field, value), and the file still imports.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from maillage.directory.adapters import CommuneGeo, OrganisationRecord
from maillage.directory.importers.csvfile import (
    ErrorLog,
    ImportRefused,
    check_size,
    detect_encoding,
    open_text,
    read_header,
)
from maillage.directory.importers.runs import recorded_run
from maillage.directory.models import Domain, OrganisationKind
from maillage.directory.selectors import (
    commune_geo_index,
    communes_for_postcode,
    domain_lookup,
    label_lookup,
)
from maillage.directory.services import keyed, organisation_upsert
from maillage.opendata.models import Department
from maillage_core.member_sheet import (
    SPECIALTY_MAX,
    domain_matcher,
    is_domain_name,
    item_domains,
    label_candidates,
    label_key,
    specialty_key,
    split_items,
)
from maillage_core.sirene import (
    SIZE_BANDS,
    RowError,
    content_hash,
    department_from_commune,
    normalise_naf,
    siret_is_valid,
)

RUN_KIND = "directory:members"
COLUMNS = (
    "external_id",
    "siret",
    "name",
    "kind",
    "description",
    "services",
    "labels",
    "naf",
    "commune_insee",
    "postcode",
    "department",
    "size_band",
    "hq_country",
    "website",
)
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_BYTES = 50 << 20
_NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
_DEPARTMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
SHOWN_WARNINGS = 20


@dataclass(frozen=True)
class MemberImportOptions:
    path: Path
    source: str = "membres"
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_BYTES
    dry_run: bool = False


@dataclass(frozen=True)
class RowWarning:
    """Something in an accepted row that deserves a look (the row is imported anyway)."""

    line: int
    field: str
    value: str
    reason: str


@dataclass
class MemberImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    encoding: str = ""
    delimiter: str = ","
    dry_run: bool = False
    warning_count: int = 0
    warnings: list[RowWarning] = field(default_factory=list)  # the first SHOWN_WARNINGS

    def warn(self, warning: RowWarning) -> None:
        self.warning_count += 1
        if len(self.warnings) < SHOWN_WARNINGS:
            self.warnings.append(warning)

    def warning_lines(self) -> list[str]:
        """The warnings in French, one per line, with the count of those not shown."""
        lines = [
            f"ligne {w.line}, champ {w.field} : {w.value!r} — {w.reason}" for w in self.warnings
        ]
        if self.warning_count > len(self.warnings):
            lines.append(
                f"… et {self.warning_count - len(self.warnings)} autre(s) avertissement(s)"
            )
        return lines

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _kinds() -> dict[str, str]:
    out: dict[str, str] = {}
    for value, label in OrganisationKind.choices:
        out[value] = value
        out[str(label).lower()] = value
    # Labels spelled as people type them in spreadsheets.
    out.update({"école": "school", "université": "school", "ecole": "school"})
    out.update({"organisme de formation": "training_body", "tiers lieu": "tiers_lieu"})
    return out


def _delimiter(path: Path, encoding: str) -> str:
    with open_text(path, encoding) as text:
        first = text.readline()
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Context:
    """Reference data a row is checked against, loaded once per file."""

    def __init__(self) -> None:
        self.geo: dict[str, CommuneGeo] = commune_geo_index()
        self.departments: dict[str, str] = dict(Department.objects.values_list("code", "region_id"))
        self.domains = domain_lookup()
        self.domain_slugs = set(self.domains.values())
        labels = dict(Domain.objects.values_list("label", "slug"))
        self.domain_names = [*labels, *labels.values()]
        self.matcher = domain_matcher(labels)
        self.labels = label_lookup()
        self.kinds = _kinds()
        self.url = URLValidator(schemes=["http", "https"])


def _services(
    cell: str, ctx: _Context, line: int, warn: list[RowWarning]
) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Domains named and specialties kept. An item that is a domain's slug or label is that
    domain only; every other item is a specialty and links the domains it names."""
    domains: list[str] = []
    specialties: list[str] = []
    for item in split_items(cell):
        domains += [s for s in item_domains(item, ctx.matcher) if s in ctx.domain_slugs]
        if is_domain_name(item, ctx.domain_names):
            continue
        if len(item) > SPECIALTY_MAX:
            warn.append(
                RowWarning(
                    line, "services", item[:60] + "…", f"shortened to {SPECIALTY_MAX} characters"
                )
            )
            item = item[:SPECIALTY_MAX].rstrip()
        specialties.append(item)
    return domains, keyed(specialties, specialty_key)


def _labels(
    cell: str, ctx: _Context, line: int, warn: list[RowWarning]
) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Catalogue labels recognised under any spelling; the others declared, not verified."""
    known: list[str] = []
    declared: list[str] = []
    for item in split_items(cell):
        slug = next((ctx.labels[k] for k in label_candidates(item) if k in ctx.labels), None)
        if slug is not None:
            known.append(slug)
            continue
        item = item[:200].rstrip()
        declared.append(item)
        reason = "label not in the catalogue: kept as declared, not verified"
        warn.append(RowWarning(line, "labels", item, reason))
    return known, keyed(declared, label_key)


def _place(row: dict[str, str], ctx: _Context, line: int, errors: list[RowError]) -> dict[str, Any]:
    """Commune, else postcode, else département → the geographic fields."""
    insee, postcode, department = row["commune_insee"], row["postcode"], row["department"]
    place: dict[str, Any] = {
        "postcode": "",
        "commune_id": None,
        "department_code": "",
        "region_code": "",
        "epci_siren": "",
        "latitude": None,
        "longitude": None,
    }
    if postcode and (len(postcode) != 5 or not postcode.isdigit()):
        errors.append(RowError(line, "postcode", f"postcode {postcode!r} is not 5 digits"))
        return place
    place["postcode"] = postcode
    if insee:
        commune = ctx.geo.get(insee)
        if commune is None:
            reason = (
                f"unknown commune {insee!r}"
                if ctx.geo
                else "communes not loaded: run `maillage opendata load geo` first"
            )
            errors.append(RowError(line, "commune_insee", reason))
            return place
        place.update(
            commune_id=commune.insee,
            department_code=commune.department_code,
            region_code=commune.region_code,
            epci_siren=commune.epci_siren,
            latitude=commune.latitude,
            longitude=commune.longitude,
        )
        return place
    if postcode and not department:
        served = {
            ctx.geo[c].department_code for c in communes_for_postcode(postcode) if c in ctx.geo
        }
        department = served.pop() if len(served) == 1 else department_from_commune(postcode)
        if department == "20":  # Corsica: 20xxx postcodes span 2A and 2B
            department = ""
    if department:
        department = department.upper().zfill(2)
        if not _DEPARTMENT.match(department) or (
            ctx.departments and department not in ctx.departments
        ):
            errors.append(RowError(line, "department", f"unknown département {department!r}"))
            return place
        place["department_code"] = department
        place["region_code"] = ctx.departments.get(department, "")
    return place


def _record(
    row: dict[str, str], ctx: _Context, source: str, line: int, warn: list[RowWarning]
) -> OrganisationRecord | list[RowError]:
    errors: list[RowError] = []
    name = row["name"]
    siret = row["siret"].replace(" ", "")
    external_id = row["external_id"]
    if siret and set(siret) == {"0"}:
        # "00000000000000" passes the Luhn check but stands for "no SIRET" (public
        # procurement exports): as a key it would merge unrelated organisations.
        warn.append(RowWarning(line, "siret", siret, "placeholder SIRET ignored"))
        siret = ""
    for column in ("name", "description"):
        if "\ufffd" in row[column]:
            reason = "holds U+FFFD (accents lost before export): kept as it is"
            warn.append(RowWarning(line, column, row[column][:60], reason))
    if not name:
        errors.append(RowError(line, "name", "name is required"))
    elif len(name) > 250:
        errors.append(RowError(line, "name", "name is longer than 250 characters"))
    if not siret and not external_id:
        errors.append(RowError(line, "external_id", "external_id or siret is required"))
    if siret and not siret_is_valid(siret):
        errors.append(RowError(line, "siret", f"invalid SIRET {siret!r} (14 digits, Luhn key)"))
    if len(external_id) > 100:
        errors.append(RowError(line, "external_id", "longer than 100 characters"))
    kind = ctx.kinds.get(row["kind"].lower(), "") if row["kind"] else "company"
    if not kind:
        errors.append(RowError(line, "kind", f"unknown kind {row['kind']!r}"))
    domains, specialties = _services(row["services"], ctx, line, warn)
    labels, declared = _labels(row["labels"], ctx, line, warn)
    naf = normalise_naf(row["naf"]) if row["naf"] else ""
    if naf and not _NAF.match(naf):
        errors.append(RowError(line, "naf", f"NAF code {row['naf']!r} is not like 62.01Z"))
    size_band = row["size_band"].zfill(2) if row["size_band"].isdigit() else row["size_band"]
    if size_band and size_band not in SIZE_BANDS:
        errors.append(RowError(line, "size_band", f"unknown size band {size_band!r}"))
    country = (row["hq_country"] or "FR").upper()
    if len(country) != 2 or not country.isalpha():
        errors.append(RowError(line, "hq_country", f"{country!r} is not an ISO 3166 code"))
    website = row["website"]
    if website and "://" not in website:
        website = "https://" + website
    if len(website) > 200:
        errors.append(RowError(line, "website", "address longer than 200 characters"))
    elif website:
        try:
            ctx.url(website)
        except ValidationError:
            errors.append(RowError(line, "website", f"invalid address {row['website']!r}"))
    place = _place(row, ctx, line, errors)
    if errors:
        return errors
    fields: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "description": row["description"],
        "naf_code": naf,
        "size_band": size_band,
        "hq_country": country,
        "website": website,
        "siren": siret[:9],
        **place,
    }
    related = [
        *sorted(set(domains)),
        "|",
        *sorted(set(labels)),
        "|",
        *(text for _, text in specialties),
        "|",
        *(text for _, text in declared),
    ]
    return OrganisationRecord(
        siret=siret or None,
        source=source,
        external_id=external_id or None,
        fields=fields,
        content_hash=content_hash([siret, source, external_id, *fields.values(), *related]),
        domains=tuple(sorted(set(domains))),
        labels=tuple(sorted(set(labels))),
        specialties=specialties,
        declared_labels=declared,
    )


def _read(options: MemberImportOptions, result: MemberImportResult) -> list[OrganisationRecord]:
    check_size(options.path, options.max_bytes)
    result.encoding = detect_encoding(options.path)
    result.delimiter = _delimiter(options.path, result.encoding)
    ctx = _Context()
    log = ErrorLog()
    records: list[OrganisationRecord] = []
    keys: dict[tuple[str, str], int] = {}
    with open_text(options.path, result.encoding) as text:
        reader = csv.reader(text, delimiter=result.delimiter)
        header = read_header(reader, ("name",), delimiter=result.delimiter)
        if "external_id" not in header and "siret" not in header:
            raise ImportRefused(
                [RowError(1, "external_id", "needs an external_id or siret column")]
            )
        at = {c: header.index(c) for c in COLUMNS if c in header}
        try:
            for values in reader:
                line = reader.line_num
                result.rows += 1
                if result.rows > options.max_rows:
                    log.add(RowError(line, "*", f"more than {options.max_rows:,} data rows"))
                    break
                if not any(v.strip() for v in values):
                    continue  # spreadsheets leave blank lines at the end
                if len(values) != len(header):
                    log.add(
                        RowError(
                            line,
                            "*",
                            f"{len(values)} fields where the header has {len(header)} "
                            "(truncated or ragged line)",
                        )
                    )
                    continue
                row = {c: (values[at[c]].strip() if c in at else "") for c in COLUMNS}
                warnings: list[RowWarning] = []
                parsed = _record(row, ctx, options.source, line, warnings)
                if isinstance(parsed, list):
                    log.extend(parsed)
                    continue
                for warning in warnings:
                    result.warn(warning)
                for column, value in (("siret", parsed.siret), ("external_id", parsed.external_id)):
                    if not value:
                        continue
                    if (column, value) in keys:
                        first = keys[(column, value)]
                        log.add(RowError(line, column, f"duplicate {value!r} (line {first})"))
                    else:
                        keys[(column, value)] = line
                records.append(parsed)
        except csv.Error as exc:
            log.add(RowError(reader.line_num, "*", f"unreadable CSV: {exc}"))
    if result.rows == 0 and not log.count:
        log.add(RowError(1, "*", "file has a header but no data rows"))
    log.refuse_if_any()
    return records


def import_members(options: MemberImportOptions) -> MemberImportResult:
    """Check the whole file, then upsert every row in one transaction (nothing if refused)."""
    result = MemberImportResult(dry_run=options.dry_run)
    with recorded_run(RUN_KIND, f"{options.source}:{options.path}") as run:
        records = _read(options, result)
        with transaction.atomic():
            for record in records:
                _, outcome = organisation_upsert(record=record)
                setattr(result, outcome, getattr(result, outcome) + 1)
            if options.dry_run:
                transaction.set_rollback(True)
        run.counts = result.as_dict()
    return result
