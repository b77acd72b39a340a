"""The parser behind each `--format` name of `maillage funding import`."""

from __future__ import annotations

from typing import Protocol

from maillage_core.funding.parse_csv import (
    AT_CSV,
    STAFF_CSV,
    parse_aides_territoires_csv,
    parse_staff_csv,
)
from maillage_core.funding.parse_feeds import RSS, parse_feed
from maillage_core.funding.parse_json import (
    ADEME_AGIR,
    AT_API,
    MANCHE,
    parse_ademe_agir,
    parse_aides_territoires_api,
    parse_departement_manche,
)
from maillage_core.funding.types import ParseReport


class Parser(Protocol):
    def __call__(self, data: bytes | str, *, source: str = ...) -> ParseReport: ...


# "rss" reads RSS 2.0 and Atom 1.0 alike (detected from the root element).
PARSERS: dict[str, Parser] = {
    AT_CSV: parse_aides_territoires_csv,
    AT_API: parse_aides_territoires_api,
    RSS: parse_feed,
    STAFF_CSV: parse_staff_csv,
    MANCHE: parse_departement_manche,
    ADEME_AGIR: parse_ademe_agir,
}

FORMATS: tuple[str, ...] = tuple(PARSERS)


def parser_for(format_name: str) -> Parser:
    """The parser for a format name; KeyError naming the known formats otherwise."""
    try:
        return PARSERS[format_name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise KeyError(f"format inconnu « {format_name} » (formats : {known})") from None
