"""Protected tables → CSV (formula-safe) and Parquet bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type stubs
import pyarrow.parquet as pq  # type: ignore[import-untyped]  # pyarrow ships no type stubs

from maillage_core.disclosure import PublishedCell, PublishedTable

SUPPRESSED = "s"  # secret statistique


def _cell(c: PublishedCell) -> str:
    return SUPPRESSED if c.value is None else str(c.value)


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas in labels (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(table: PublishedTable, row_title: str, labels: Mapping[str, str] | None = None) -> str:
    """One line per row key; with ``labels``, a `libelle` column follows the key."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    head = [row_title, "libelle"] if labels is not None else [row_title]
    w.writerow([*head, *(_safe(c) for c in table.cols), "total"])
    for r, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True):
        key = [_safe(r), _safe(labels.get(r, ""))] if labels is not None else [_safe(r)]
        w.writerow([*key, *(_cell(c) for c in cells), _cell(total)])
    blank = [""] if labels is not None else []
    w.writerow(["total", *blank, *(_cell(c) for c in table.col_totals), _cell(table.total)])
    return out.getvalue()


def to_parquet(table: PublishedTable) -> bytes:
    """Long format: one row per (row, column) with its value (null when suppressed) and status."""
    rows, cols, values, statuses = [], [], [], []
    for r, cells in zip(table.rows, table.cells, strict=True):
        for c, cell in zip(table.cols, cells, strict=True):
            rows.append(r)
            cols.append(c)
            values.append(None if cell.value is None else float(cell.value))
            statuses.append(str(cell.status))
    data = pa.table(
        {"ligne": rows, "colonne": cols, "valeur": values, "statut": statuses},
        schema=pa.schema(
            [("ligne", pa.string()), ("colonne", pa.string()), ("valeur", pa.float64()),
             ("statut", pa.string())]
        ),
    )  # fmt: skip
    sink = io.BytesIO()
    pq.write_table(data, sink)
    return sink.getvalue()
