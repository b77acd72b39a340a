"""`maillage backup` / `maillage restore`: one consistent copy of the whole database.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot
while the server keeps running (readers and writers are not stopped), into
`BACKUP_DIR/maillage-YYYYmmdd-HHMMSS.sqlite3`, written under a temporary name and renamed
when complete. Restoring copies the file back through the same API into the live database
file, so the database is replaced page by page under SQLite's own locking.

PostgreSQL: `pg_dump -Fc` (custom format, compressed) and `pg_restore --clean --if-exists
--single-transaction` (all or nothing), with the connection of the Django settings.

Every run is recorded in `ImportRun` (kind `backup` / `restore`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Tables a file must hold to be a maillage database (not just any SQLite file).
REQUIRED_TABLES = ("django_migrations", "common_importrun")


class BackupError(Exception):
    """A backup or restore cannot run; the message is one line with the reason and the fix."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size_bytes: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "engine": self.engine,
            "size_bytes": self.size_bytes,
            "seconds": round(self.seconds, 3),
        }


def file_kind(path: Path) -> str:
    """`sqlite`, `postgresql` (pg_dump custom format) or `unknown`, from the file's magic bytes."""
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return "unknown"


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Back up the default database to `output` (default: a timestamped file in BACKUP_DIR)."""
    engine = connection.vendor
    if engine not in {"sqlite", "postgresql"}:
        raise BackupError(f"unsupported database engine {engine!r}")
    suffix = ".sqlite3" if engine == "sqlite" else ".dump"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = output or Path(settings.BACKUP_DIR) / f"maillage-{stamp}{suffix}"
    if path.exists():
        raise BackupError(f"{path} existe déjà : choisissez un autre --output (file exists)")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    t0 = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    try:
        if engine == "sqlite":
            _sqlite_backup(_sqlite_path(connection), partial)
        else:
            _pg_dump(connection, partial)
        partial.replace(path)
    except BackupError as exc:
        partial.unlink(missing_ok=True)
        _record("backup", str(path), started, RunStatus.FAILED, error=str(exc))
        raise
    result = BackupResult(path, engine, path.stat().st_size, time.perf_counter() - t0)
    _record("backup", str(path), started, RunStatus.SUCCEEDED, counts={"bytes": result.size_bytes})
    return result


def backup_check(path: Path) -> str:
    """Refuse a missing file or one of the wrong kind for this database; return its kind."""
    if not path.is_file():
        raise BackupError(f"{path} : fichier introuvable (no such backup file)")
    kind = file_kind(path)
    engine = connection.vendor
    if kind != engine:
        what = {"sqlite": "base SQLite", "postgresql": "archive pg_dump"}.get(
            kind, "format inconnu"
        )
        raise BackupError(
            f"{path} n'est pas une sauvegarde {engine} ({what}) : restauration refusée "
            "(wrong kind of backup file)"
        )
    if kind == "sqlite":
        _sqlite_check(path)
    else:
        # Reads the archive's table of contents without connecting: a truncated or foreign
        # file is refused before the database is touched.
        _run([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ), "pg_restore --list")
    return kind


def backup_restore(*, path: Path) -> BackupResult:
    """Replace the whole default database with the backup `path` (checked first)."""
    kind = backup_check(path)
    if connection.in_atomic_block:
        raise BackupError("la restauration ne peut pas s'exécuter dans une transaction")
    started = timezone.now()
    t0 = time.perf_counter()
    settings_dict = dict(connection.settings_dict)
    # Our own connection must not hold a transaction or cached state across the swap.
    connection.close()
    try:
        if kind == "sqlite":
            _sqlite_restore(path, Path(str(settings_dict["NAME"])))
        else:
            _pg_restore(settings_dict, path)
    except BackupError as exc:
        _record("restore", str(path), started, RunStatus.FAILED, error=str(exc))
        raise
    result = BackupResult(path, kind, path.stat().st_size, time.perf_counter() - t0)
    _record("restore", str(path), started, RunStatus.SUCCEEDED, counts={"bytes": result.size_bytes})
    return result


def pending_migrations() -> int:
    """Migrations of the code not applied in the (restored) database: an older backup needs
    `maillage migrate` before use."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def table_fingerprints(conn: BaseDatabaseWrapper | None = None) -> dict[str, tuple[int, str]]:
    """Per table: (row count, SHA-256 of its rows sorted by their text form).

    Independent of row order and of the engine's physical layout: two databases with the same
    content give the same fingerprints (used to verify a backup/restore round trip).
    """
    conn = conn or connection
    out: dict[str, tuple[int, str]] = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608  # table names come from introspection
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
            out[table] = (len(rows), digest)
    return out


def _record(
    kind: str,
    source: str,
    started: Any,
    status: str,
    *,
    counts: dict[str, int] | None = None,
    error: str = "",
) -> None:
    ImportRun.objects.create(
        kind=kind,
        source=source[:500],
        started_at=started,
        finished_at=timezone.now(),
        status=status,
        counts=counts or {},
        error=error,
    )


def _sqlite_path(conn: BaseDatabaseWrapper) -> Path:
    name = str(conn.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("la base SQLite est en mémoire : rien à sauvegarder (in-memory database)")
    return Path(name)


def _sqlite_backup(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=20)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=4096)
            # One self-contained file: no -wal/-shm companions next to the backup.
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"sauvegarde SQLite impossible : {exc}") from exc
    if ok != "ok":
        raise BackupError(f"la copie ne passe pas le contrôle d'intégrité : {ok}")


def _sqlite_check(path: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} : base SQLite illisible ({exc})") from exc
    if ok != "ok":
        raise BackupError(f"{path} : base SQLite corrompue ({ok})")
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{path} n'est pas une sauvegarde maillage (table {missing[0]} absente)")


def _sqlite_restore(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=20)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"restauration SQLite impossible : {exc}") from exc


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args: list[str] = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} introuvable : installez le client PostgreSQL (apt install postgresql-client)"
        )
    return found


def _pg_dump(conn: BaseDatabaseWrapper, target: Path) -> None:
    args, env = _pg_args(conn.settings_dict)
    cmd = [_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args]
    _run([*cmd, str(conn.settings_dict["NAME"])], env, "pg_dump")


def _pg_restore(settings_dict: dict[str, Any], source: Path) -> None:
    args, env = _pg_args(settings_dict)
    cmd = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "-d",
        str(settings_dict["NAME"]),
        *args,
        str(source),
    ]
    _run(cmd, env, "pg_restore")


def _run(cmd: list[str], env: dict[str, str], tool: str) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # fixed argv, no shell
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["exit status " + str(proc.returncode)])[-1]
        raise BackupError(f"{tool} a échoué : {last}")
