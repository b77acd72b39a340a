"""Project-wide rules: the pure core stays pure, the CLI resolves verbs, settings fail loudly."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ImproperlyConfiguredEnv, parse_database_url
from maillage.cli import resolve

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = {"django", "maillage", "config", "ninja", "huey", "tantivy", "psycopg"}
IMPURE_CALLS = {("datetime", "now"), ("date", "today"), ("time", "time"), ("builtins", "open")}


def test_core_imports_without_django() -> None:
    """Importing every core module in a fresh interpreter must not load Django."""
    modules = sorted(
        "maillage_core." + p.stem
        for p in (ROOT / "maillage_core").glob("*.py")
        if p.stem != "__init__"
    )
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'django', 'maillage', 'tantivy'}]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize("path", sorted((ROOT / "maillage_core").rglob("*.py")), ids=str)
def test_core_has_no_io_and_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_IN_CORE, f"{path}: imports {name}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                pytest.fail(f"{path}:{node.lineno}: core must not do I/O (open)")
            if isinstance(func, ast.Attribute) and func.attr in {"now", "today", "utcnow"}:
                pytest.fail(f"{path}:{node.lineno}: core must not read the clock (pass `today`)")


def test_cli_resolves_grouped_verbs() -> None:
    available = {"opendata_load", "directory_import_sirene", "search", "index_rebuild"}
    assert resolve(["opendata", "load", "geo"], available) == ["opendata_load", "geo"]
    assert resolve(["directory", "import-sirene", "f.csv"], available) == [
        "directory_import_sirene",
        "f.csv",
    ]
    assert resolve(["search", "cyber Caen", "--json"], available) == [
        "search",
        "cyber Caen",
        "--json",
    ]
    assert resolve(["nope"], available) is None


def test_database_url_parsing() -> None:
    assert parse_database_url("sqlite:////tmp/x.db").name == "/tmp/x.db"
    assert parse_database_url("sqlite:///var/x.db").name == "var/x.db"
    pg = parse_database_url("postgres://u:p%40ss@127.0.0.1:5432/test")
    assert (pg.engine, pg.user, pg.password, pg.host, pg.port, pg.name) == (
        "postgresql",
        "u",
        "p@ss",
        "127.0.0.1",
        "5432",
        "test",
    )
    with pytest.raises(ImproperlyConfiguredEnv):
        parse_database_url("mysql://x/y")
    with pytest.raises(ImproperlyConfiguredEnv):
        parse_database_url("postgres://127.0.0.1:5432/")


def test_bad_boolean_setting_fails_loudly() -> None:
    env = {"DEBUG": "peut-être", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DEBUG='peut-être' is not a boolean" in result.stderr


def test_templates_never_print_raw_ids() -> None:
    """USE_THOUSAND_SEPARATOR prints 4321 as "4 321": ids in attributes must be `|unlocalize`d."""
    raw_id = re.compile(r"\{\{\s*[\w.]+\.(pk|id)\s*\}\}")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if raw_id.search(line)
    ]
    assert offenders == []


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    """`check --deploy --fail-level WARNING` is clean on production settings (QUALITY.md)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "MAILLAGE_HOME": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "-production-only-secret-key-for-the-check-0123456789",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_require_a_secret_key(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "MAILLAGE_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr
