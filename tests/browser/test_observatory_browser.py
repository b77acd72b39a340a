"""The observatory page in chromium: charts and map drawn (CSP intact), a CSV export downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.observatory.builders import observatory_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_observatory_page_and_csv_download(live_server: Any, page: Any) -> None:
    observatory_build()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/observatoire/")
    assert page.locator("h1").inner_text() == "Observatoire des emplois et des compétences"
    chart = page.locator("svg.chart")
    assert chart.count() == 3  # offers by occupation, skills, months
    box = chart.first.bounding_box()
    assert box is not None and box["width"] > 100  # drawn, not collapsed
    # bars are styled by the stylesheet (no inline style under the CSP)
    fill = page.evaluate("() => getComputedStyle(document.querySelector('.chart-bar')).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").first.click()
    download = info.value
    assert download.suggested_filename == "maillage-demande.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.splitlines()[0].startswith("code_rome,libelle,")
    assert ",s," in content or content.rstrip().endswith(",s")
    assert not [e for e in errors if "Content Security Policy" in e]
