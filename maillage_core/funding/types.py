"""The funding call record and the parse report, as frozen dataclasses.

`CallRecord` follows Aides-territoires' aid model (name, financers, instructors, programs,
aid types, call for projects flag, recurrence, dates, targeted audiences, perimeter, categories,
subvention rate, amounts) and adds what companies need: the AMI flag, themes from our own
vocabulary, amount bounds and NAF sector exclusions.

`content_hash` is SHA-256 over a canonical JSON of the *content* fields (everything except
`source` and `external_id`, which form the natural key), with whitespace collapsed and the
multi-valued fields sorted: re-importing the same call gives the same hash, so an unchanged
record is detected without comparing field by field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from maillage_core.funding.vocab import (
    AidType,
    Audience,
    PerimeterKind,
    Recurrence,
    Theme,
)

# Fields that identify a record rather than describe it: left out of the content hash.
KEY_FIELDS = frozenset({"source", "external_id"})


@dataclass(frozen=True)
class Perimeter:
    """Where a call applies: a level of the hierarchy and the code at that level.

    Codes: commune = INSEE code ("50502"), EPCI = SIREN ("200066389"), département = "50",
    région = COG region code ("28"), France = "FR", Europe = "EU".
    """

    kind: PerimeterKind
    code: str
    label: str = ""


FRANCE = Perimeter(PerimeterKind.FRANCE, "FR", "France")
EUROPE = Perimeter(PerimeterKind.EUROPE, "EU", "Union européenne")


@dataclass(frozen=True)
class CallRecord:
    """One funding call (aid, call for projects or for expressions of interest)."""

    source: str
    external_id: str
    title: str
    url: str = ""
    description: str = ""
    application_url: str = ""
    funders: tuple[str, ...] = ()
    instructors: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    aid_types: tuple[AidType, ...] = ()
    is_aap: bool = False  # appel à projets
    is_ami: bool = False  # appel à manifestation d'intérêt
    recurrence: Recurrence | None = None
    opening_date: date | None = None
    predeposit_date: date | None = None
    deadline: date | None = None
    audiences: tuple[Audience, ...] = ()
    perimeter: Perimeter | None = None
    themes: tuple[Theme, ...] = ()
    subsidy_rate_min: int | None = None  # percent
    subsidy_rate_max: int | None = None
    amount_min: int | None = None  # euros
    amount_max: int | None = None
    naf_exclusions: tuple[str, ...] = ()  # NAF codes or prefixes ("01", "64.19Z") excluded
    source_categories: tuple[str, ...] = field(default=())  # the source's own labels, verbatim

    @property
    def content_hash(self) -> str:
        return content_hash(self)

    def is_open(self, today: date) -> bool:
        """Open on `today`: opened (or no opening date) and deadline not passed (or none)."""
        if self.opening_date is not None and self.opening_date > today:
            return False
        return self.deadline is None or self.deadline >= today


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Perimeter):
        return [value.kind.value, value.code]
    if isinstance(value, tuple):
        return sorted(_normalise(v) for v in value)
    return value


def content_hash(record: CallRecord) -> str:
    """SHA-256 hex digest of the record's normalised content (see the module docstring)."""
    content = {
        f.name: _normalise(getattr(record, f.name))
        for f in fields(record)
        if f.name not in KEY_FIELDS
    }
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ParseIssue:
    """A problem found while parsing: `line` is the physical line of a CSV file, the 1-based
    item number of a JSON list or of a feed's items, and 0 for the file as a whole."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"ligne {self.line}" if self.line else "fichier"
        return f"{where}, {self.field or '-'} : {self.reason}"


@dataclass(frozen=True)
class ParseReport:
    """What a parser read. A file with any error is refused whole: `records` is then empty and
    `errors` lists every problem found (not only the first); `warnings` never refuse a file."""

    format: str
    records: tuple[CallRecord, ...] = ()
    errors: tuple[ParseIssue, ...] = ()
    warnings: tuple[ParseIssue, ...] = ()
    rows_read: int = 0
    next_page: str = ""  # paginated sources (Aides-territoires API): the next page's URL

    @property
    def ok(self) -> bool:
        return not self.errors
