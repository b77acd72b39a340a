"""Catalogue formats by name: bytes of a file → programme records (pure, nothing written)."""

from __future__ import annotations

from collections.abc import Callable

from maillage.training.parsers_csv import parse_cpf, parse_onisep, parse_rncp, parse_secnumedu
from maillage.training.parsers_lheo import parse_lheo
from maillage.training.records import CatalogueError, ProgrammeRecord, RowError

MAX_BYTES = 50_000_000
TEXT_FORMATS: dict[str, Callable[[str], list[ProgrammeRecord]]] = {
    "onisep": parse_onisep,
    "rncp": parse_rncp,
    "secnumedu": parse_secnumedu,
    "cpf": parse_cpf,
}
FORMATS = (*TEXT_FORMATS, "lheo")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; NUL bytes refuse the file."""
    if b"\x00" in data:
        raise CatalogueError([RowError(0, "*", "binary content (NUL bytes)")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def parse_catalogue(fmt: str, data: bytes) -> list[ProgrammeRecord]:
    if fmt not in FORMATS:
        raise CatalogueError(
            [RowError(0, "format", f"unknown format {fmt!r} ({', '.join(FORMATS)})")]
        )
    if len(data) > MAX_BYTES:
        raise CatalogueError([RowError(0, "*", f"file larger than {MAX_BYTES} bytes")])
    if not data.strip():
        raise CatalogueError([RowError(0, "*", "empty file")])
    if fmt == "lheo":
        return parse_lheo(data)
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise CatalogueError([RowError(0, "*", f"undecodable text ({exc.reason})")]) from exc
    return TEXT_FORMATS[fmt](text)
