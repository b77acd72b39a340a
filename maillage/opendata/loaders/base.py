"""What every loader shares: expected files, header checks, CSV reading and the bulk upsert.

A loader reads official CSV files from a data folder (layout of `shared/data`), checks their
headers before writing anything, and upserts rows on their official codes with bulk operations,
counting what it created, updated, left unchanged and (for link tables only) deleted.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, models, router

BATCH_SIZE = 1000
# Step callback: the loader calls it once per table it has synchronised (progress bars).
Tick = Callable[[str], None]


class SourceError(Exception):
    """A source file is missing or malformed: the dataset is refused and nothing is written."""


@dataclass(frozen=True)
class SourceFile:
    """One expected file, relative to the data folder, with the columns the loader reads."""

    path: str
    columns: tuple[str, ...]
    delimiter: str = ","


@dataclass(frozen=True)
class Source:
    """Where a dataset is published (for `maillage opendata sources`)."""

    publisher: str
    title: str
    url: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.deleted + other.deleted,
        )

    @property
    def rows(self) -> int:
        """Rows present after the run (created + updated + unchanged)."""
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
        }


@dataclass(frozen=True)
class Dataset:
    """A named open-data dataset: its files, its tables (progress steps) and its loader."""

    name: str
    title: str
    files: tuple[SourceFile, ...]
    steps: tuple[str, ...]
    load: Callable[[DataDir, Tick], dict[str, Counts]]
    sources: tuple[Source, ...] = field(default=())


@dataclass(frozen=True)
class Row:
    """One CSV row with its line number (header = line 1) for error messages."""

    line: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


class DataDir:
    """A folder laid out like `shared/data` (geo/, naf/, rome/rome4_v460/, esco/, sirene/)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def check(self, source: SourceFile) -> None:
        """Refuse a missing file or a header without every expected column."""
        path = self.root / source.path
        if not path.is_file():
            raise SourceError(f"{source.path}: file not found in {self.root}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=source.delimiter), [])
        present = {name.strip() for name in header}
        missing = [name for name in source.columns if name not in present]
        if missing:
            raise SourceError(
                f"{source.path}: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (file refused, nothing written)"
            )

    def rows(self, source: SourceFile) -> Iterator[Row]:
        """The file's rows, values stripped; the header is checked first."""
        self.check(source)
        with (self.root / source.path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=source.delimiter)
            reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
            for values in reader:
                yield Row(
                    reader.line_num,
                    {k: (v or "").strip() for k, v in values.items() if k is not None},
                )


def fail(source: SourceFile, where: Row | int, message: str) -> SourceError:
    """A one-line error naming the file and line (an int is a line number, 1 = header)."""
    line = where if isinstance(where, int) else where.line
    return SourceError(f"{source.path} line {line}: {message} (file refused, nothing written)")


def parse_int(source: SourceFile, row: Row, column: str) -> int | None:
    text = row[column].replace(" ", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise fail(source, row, f"{column} is not an integer: {row[column]!r}") from None


def parse_float(source: SourceFile, row: Row, column: str) -> float | None:
    text = row[column]
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise fail(source, row, f"{column} is not a number: {row[column]!r}") from None


Key = tuple[Any, ...]


def upsert(
    model: type[models.Model],
    rows: Mapping[Key, Mapping[str, Any]],
    *,
    key_fields: tuple[str, ...],
    delete_missing: bool = False,
    scope: Mapping[str, Any] | None = None,
) -> Counts:
    """Make `model`'s rows match `rows` (key tuple → field values by attname) with bulk writes.

    Rows already equal are not written (so a second run writes nothing). Rows absent from the
    source are kept unless `delete_missing` (link tables), restricted to `scope` filters.
    """
    fields = sorted({name for values in rows.values() for name in values})
    queryset = model._default_manager.filter(**(scope or {}))
    pk_name = model._meta.pk.attname
    existing: dict[Key, tuple[Any, tuple[Any, ...]]] = {}
    for record in queryset.values_list(pk_name, *key_fields, *fields).iterator(chunk_size=5000):
        width = len(key_fields)
        existing[tuple(record[1 : 1 + width])] = (record[0], tuple(record[1 + width :]))
    to_create: list[dict[str, Any]] = []
    to_update: list[models.Model] = []
    counts = Counts()
    for key, values in rows.items():
        wanted = tuple(values.get(name) for name in fields)
        attributes = dict(zip(key_fields, key, strict=True)) | dict(
            zip(fields, wanted, strict=True)
        )
        current = existing.pop(key, None)
        if current is None:
            to_create.append(attributes)
            counts.created += 1
        elif current[1] != wanted:
            attributes.setdefault(pk_name, current[0])
            to_update.append(model(**attributes))
            counts.updated += 1
        else:
            counts.unchanged += 1
    insert_many(model, to_create)
    if to_update and fields:
        model._default_manager.bulk_update(to_update, fields, batch_size=BATCH_SIZE // 2)
    if delete_missing and existing:
        stale = [pk for pk, _ in existing.values()]
        for start in range(0, len(stale), BATCH_SIZE):
            model._default_manager.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
        counts.deleted = len(stale)
    return counts


PLAIN_TYPES = (str, int, float, bool, type(None))


def insert_many(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT rows (attname → value) with `executemany`, in batches.

    Measured ~3× faster than `bulk_create` on 200k rows: no model instance or SQL compilation per
    row. Values of plain types go as they are; others (dates) through the field's own
    `get_db_prep_save`, so both SQLite and PostgreSQL get what the ORM would send. Fields not
    given take their model default; an auto primary key is left to the database.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = list(rows[0])
    fields: list[models.Field[Any, Any]] = []
    for candidate in model._meta.concrete_fields:
        if candidate.attname in given or not (
            isinstance(candidate, models.AutoField | models.BigAutoField)
        ):
            fields.append(candidate)
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in given}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)  # concrete fields have a column
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from our models, values go as parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE * 5):
            batch = []
            for row in rows[start : start + BATCH_SIZE * 5]:
                values = []
                for f in fields:
                    value = row[f.attname] if f.attname in row else defaults[f.attname]
                    plain = isinstance(value, PLAIN_TYPES)
                    values.append(value if plain else f.get_db_prep_save(value, connection))
                batch.append(values)
            cursor.executemany(sql, batch)


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without duplicates or blanks."""
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
