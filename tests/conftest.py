"""Project-wide fixtures: the real open data, and a Playwright browser on Debian chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared_data_dir() -> Path | None:
    for candidate in (
        os.environ.get("MAILLAGE_OPENDATA_DIR"),
        ROOT.parent / "shared" / "data",
        ROOT.parent.parent / "shared" / "data",
    ):
        if candidate and Path(candidate, "README.md").exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real open-data folder (../shared/data); integration tests skip when it is absent."""
    found = _shared_data_dir()
    if found is None:
        pytest.skip("../shared/data is not present on this machine")
    return found


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A Playwright browser driving Debian's chromium (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make chromium` installs Debian's package")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()
