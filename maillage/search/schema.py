"""The tantivy schema of the organisation index, and how a document is written into it.

Text fields hold tokens already produced by `maillage_core.text.analyse`, joined by spaces,
and tantivy only splits them on whitespace: the analysis lives in the pure core and is the
same for documents and queries. Facet fields are raw (one term per value) fast fields, so
facet counts are tantivy terms aggregations over the whole result set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tantivy

from maillage.search.types import FACETS
from maillage_core.geo import Cell, Grid, Point
from maillage_core.text import analyse, words

# Text fields and their BM25 boosts: the name counts most, then what the organisation does
# (domains, labels, skills), then the free description and place names.
TEXT_FIELDS: dict[str, float] = {"name": 3.0, "tags": 2.0, "body": 1.0}
# Every 1- to GRAM_MAX-token run of the text, joined by "_", goes into the `grams` field so a
# synonym phrase is one term lookup (analysed tokens never contain "_").
GRAM_MAX = 3
SCHEMA_VERSION = 3  # bump when fields change (a new generation name; rebuild after upgrade)


# Each document's cell in two grids: fine (0.02° × 0.03°, ≈ 2.2 km at 49° N) and coarse
# (blocks of 10 × 10 fine cells, ≈ 22 km). A radius becomes a set of cell terms
# (maillage_core.geo.circle_cells); the fine grid serves radii up to 60 km, with complete
# coarse blocks inside the circle looked up as one coarse term.
FINE_GRID = Grid(0.02, 0.03)
COARSE_FACTOR = 10
COARSE_GRID = Grid(FINE_GRID.dlat * COARSE_FACTOR, FINE_GRID.dlon * COARSE_FACTOR)
FINE_GRID_MAX_KM = 60.0


def cell_key(cell: Cell) -> str:
    return f"{cell[0]}:{cell[1]}"


def cells_of(point: Point) -> tuple[Cell, Cell]:
    """(fine, coarse) cells of a point; the coarse one derives from the fine one, so a fine
    cell always lies in exactly one coarse cell whatever the float rounding."""
    i, j = FINE_GRID.cell(point)
    return (i, j), (i // COARSE_FACTOR, j // COARSE_FACTOR)


def gram(tokens: tuple[str, ...] | list[str]) -> str:
    return "_".join(tokens)


def grams(tokens: list[str]) -> list[str]:
    """All runs of 1..GRAM_MAX consecutive tokens: [a, b, c] → a, a_b, a_b_c, b, b_c, c."""
    return [
        gram(tokens[i : i + n])
        for i in range(len(tokens))
        for n in range(1, GRAM_MAX + 1)
        if i + n <= len(tokens)
    ]


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows about one organisation (built from the database)."""

    id: int
    name: str
    tags: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    closed: bool = False
    updated: int = 0  # Organisation.updated_at in microseconds since the epoch, for staleness


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    sb.add_unsigned_field("updated", stored=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("grams", tokenizer_name="whitespace", index_option="basic")
    for facet in FACETS:
        sb.add_text_field(facet, stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("closed", stored=True, tokenizer_name="raw")
    sb.add_text_field("sort_name", fast=True, tokenizer_name="raw")
    for grid_field in ("cell_fine", "cell_coarse"):
        sb.add_text_field(grid_field, tokenizer_name="raw", index_option="basic")
    sb.add_float_field("lat", stored=True, indexed=True, fast=True)
    sb.add_float_field("lon", stored=True, indexed=True, fast=True)
    return sb.build()


def sort_key(name: str) -> str:
    """Alphabetical order ignoring case and accents (for queries without text)."""
    return " ".join(words(name))[:200]


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    out.add_unsigned("updated", max(0, doc.updated))
    values = [
        ("name", doc.name),
        *(("tags", v) for v in doc.tags),
        *(("body", v) for v in doc.body),
    ]
    for field_name, value in values:
        tokens = analyse(value)
        out.add_text(field_name, " ".join(tokens))
        out.add_text("grams", " ".join(grams(tokens)))
    for facet in FACETS:
        for value in doc.facets.get(facet, ()):
            if value:
                out.add_text(facet, value)
    out.add_text("closed", "yes" if doc.closed else "no")
    out.add_text("sort_name", sort_key(doc.name))
    if doc.lat is not None and doc.lon is not None:
        out.add_float("lat", doc.lat)
        out.add_float("lon", doc.lon)
        fine, coarse = cells_of(Point(doc.lat, doc.lon))
        out.add_text("cell_fine", cell_key(fine))
        out.add_text("cell_coarse", cell_key(coarse))
    return out
