"""The funding core is pure: importing all of it loads no Django, no app, no network client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_funding_core_imports_without_django_or_network() -> None:
    modules = sorted(
        f"maillage_core.funding.{p.stem}" for p in (ROOT / "maillage_core" / "funding").glob("*.py")
    )
    assert "maillage_core.funding.parse_feeds" in modules
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "roots = {'django', 'maillage', 'requests', 'httpx', 'urllib3', 'socket', 'http'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
