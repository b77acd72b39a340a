"""`maillage backup` / `maillage restore`: round trip, refusals with the database unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.common.backup import file_kind, table_fingerprints
from maillage.common.models import ImportRun
from tests.common import backup_roundtrip

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("backup_roundtrip.py")


def test_sqlite_roundtrip_on_a_file_database(tmp_path: Path) -> None:
    """Backup, damage, restore on a real file database (subprocess: own settings)."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "MAILLAGE_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert file_kind(tmp_path / "round.backup") == "sqlite"
    assert result["damaged_differs"] is True
    assert result["same_except_ledger"] is True
    assert result["next"] == ["maillage index rebuild"]
    assert result["rows"] > 100
    # The backup run is recorded after the copy; the restore run in the restored database.
    assert result["run_kinds_after"].count("restore") == 1
    assert len(result["run_kinds_after"]) == result["runs_before"] + 1


def _in_memory() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


@pytest.mark.django_db(transaction=True)
def test_roundtrip_on_the_test_database(tmp_path: Path) -> None:
    """The same round trip in-process: PostgreSQL (pg_dump/pg_restore) or a file SQLite DB."""
    if _in_memory():
        pytest.skip("the test database is in memory; the subprocess test covers SQLite")
    result = backup_roundtrip.roundtrip(tmp_path)
    assert file_kind(tmp_path / "round.backup") == connection.vendor
    assert result["damaged_differs"] is True
    assert result["same_except_ledger"] is True
    assert result["run_kinds_after"].count("restore") == 1


def _garbage(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "not-a-backup.bin"
    path.write_bytes(content)
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"id;name\n1;x\n", b"PGDMP\x01\x0e\x00", b"SQLite format 3\x00" + b"\x00" * 100, b""],
    ids=["csv", "pg-archive", "truncated-sqlite", "empty"],
)
def test_wrong_kind_of_file_is_refused_and_nothing_changes(tmp_path: Path, content: bytes) -> None:
    # On PostgreSQL the truncated archive reaches pg_restore, which fails inside its single
    # transaction: the data is unchanged and the failed run is recorded in the ledger.
    before = _data()
    with pytest.raises(CommandError) as err:
        call_command("restore", str(_garbage(tmp_path, content)), "--yes")
    assert "\n" not in str(err.value)  # one line
    assert "not-a-backup.bin" in str(err.value) or "pg_restore" in str(err.value)
    assert _data() == before


def _data() -> dict[str, tuple[int, str]]:
    return {k: v for k, v in table_fingerprints().items() if k != "common_importrun"}


@pytest.mark.django_db
def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore", str(tmp_path / "absent.sqlite3"), "--yes")


@pytest.mark.django_db
def test_a_sqlite_file_that_is_not_maillage_is_refused(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL any SQLite file is the wrong kind (covered above)")
    import sqlite3

    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(CommandError, match="pas une sauvegarde maillage"):
        call_command("restore", str(path), "--yes")


@pytest.mark.django_db
def test_restore_without_yes_needs_a_terminal(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("needs a valid backup of this engine; covered on SQLite")
    # A valid maillage SQLite file, so only the missing confirmation stops the restore.
    import sqlite3

    path = tmp_path / "ok.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE django_migrations (id)")
    db.execute("CREATE TABLE common_importrun (id)")
    db.commit()
    db.close()
    before = ImportRun.objects.count()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))
    assert ImportRun.objects.count() == before


@pytest.mark.django_db
def test_backup_of_an_in_memory_database_is_a_clear_error() -> None:
    if not _in_memory():
        pytest.skip("the test database is not an in-memory SQLite database")
    with pytest.raises(CommandError, match="en mémoire"):
        call_command("backup")
    assert ImportRun.objects.filter(kind="backup", status="failed").count() == 1


@pytest.mark.django_db
def test_default_backup_goes_to_backup_dir_with_a_timestamped_name(tmp_path: Path) -> None:
    if _in_memory():
        pytest.skip("an in-memory database has nothing to back up")
    import re
    from io import StringIO

    from django.conf import settings

    out = StringIO()
    call_command("backup", "--json", stdout=out)
    result = json.loads(out.getvalue())
    path = Path(result["path"])
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    assert path.parent == Path(settings.BACKUP_DIR)
    assert re.fullmatch(r"maillage-\d{8}-\d{6}" + re.escape(suffix), path.name)
    assert file_kind(path) == connection.vendor and result["size_bytes"] == path.stat().st_size
    assert not list(path.parent.glob("*.partial"))
    assert ImportRun.objects.filter(kind="backup", status="succeeded").count() == 1
    path.unlink()


@pytest.mark.django_db
def test_missing_pg_tools_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite needs no external tool")
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: pg_dump cannot be found
    with pytest.raises(CommandError, match="pg_dump introuvable"):
        call_command("backup", "--output", str(tmp_path / "x.dump"))
    assert not (tmp_path / "x.dump").exists()
    assert ImportRun.objects.filter(kind="backup", status="failed").count() == 1
