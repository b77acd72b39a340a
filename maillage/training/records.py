"""What every catalogue parser yields: one programme with its sessions (plain frozen data)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


class CatalogueError(ValueError):
    """A file refused whole: its first errors, one per line of the message."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"file refused, {len(errors)} error(s): {shown}{more}")


@dataclass(frozen=True)
class SessionRecord:
    start: date | None
    end: date | None
    city: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class ProgrammeRecord:
    source: str  # onisep | rncp | secnumedu | lheo | cpf
    external_id: str
    title: str
    provider_name: str = ""
    provider_siret: str = ""
    certification_code: str = ""  # "RNCP35295" or "RS1234"
    level: str = ""  # European framework level 1-8 when known, else the source's words
    nsf_code: str = ""
    duration_hours: int | None = None
    duration_text: str = ""
    modality: str = ""  # presentiel | distanciel | mixte | alternance | ""
    city: str = ""
    postcode: str = ""
    commune_insee: str = ""
    department: str = ""
    funding: tuple[str, ...] = ()
    rome_codes: tuple[str, ...] = ()
    url: str = ""
    domain: str = ""
    sessions: tuple[SessionRecord, ...] = field(default=())

    def content_hash(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def stable_id(*parts: str) -> str:
    """An external id for sources without one: a hash of the fields that identify a row."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
