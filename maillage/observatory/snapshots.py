"""Dated Parquet snapshots under MAILLAGE_HOME/observatory/, written with pyarrow and read with
DuckDB (group-bys over millions of rows in well under a second, measured in ADR 0070)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type stubs
import pyarrow.parquet as pq  # type: ignore[import-untyped]  # pyarrow ships no type stubs
from django.conf import settings

SCHEMAS: dict[str, pa.Schema] = {
    "offers": pa.schema(
        [("rome", pa.string()), ("department", pa.string()), ("month", pa.string()),
         ("skills", pa.list_(pa.string()))]
    ),
    "bmo": pa.schema(
        [("occupation_code", pa.string()), ("occupation_label", pa.string()),
         ("department", pa.string()), ("basin", pa.string()), ("projects", pa.int64()),
         ("difficult", pa.int64()), ("seasonal", pa.int64())]
    ),
    "supply": pa.schema(
        [("rome", pa.string()), ("department", pa.string()), ("places", pa.int64())]
    ),
    "unmet": pa.schema([("domain", pa.string()), ("department", pa.string())]),
    "barometer": pa.schema(
        [("naf", pa.string()), ("department", pa.string()), ("epci", pa.string()),
         ("size_band", pa.string()), ("establishments", pa.int64()),
         ("employees", pa.float64()), ("in_region", pa.bool_())]
    ),
}  # fmt: skip


def snapshot_dir() -> Path:
    path = Path(settings.MAILLAGE_HOME) / "observatory"
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshot_path(kind: str, taken_on: date) -> Path:
    return snapshot_dir() / f"{kind}-{taken_on.isoformat()}.parquet"


def write_rows(kind: str, taken_on: date, rows: Sequence[dict[str, Any]]) -> Path:
    """Write rows (dicts matching SCHEMAS[kind]) atomically: a temp file renamed into place."""
    path = snapshot_path(kind, taken_on)
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.Table.from_pylist(list(rows), schema=SCHEMAS[kind]), tmp)
    tmp.replace(path)
    return path


def write_table(kind: str, taken_on: date, table: pa.Table) -> Path:
    path = snapshot_path(kind, taken_on)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table.cast(SCHEMAS[kind]), tmp)
    tmp.replace(path)
    return path


def query(sql: str, path: Path, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """Run `sql` with the snapshot exposed as the view `t` (DuckDB, in memory, one thread)."""
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        con.register("t", con.read_parquet(str(path)))
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()
