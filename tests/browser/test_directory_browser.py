"""In a real browser (Debian chromium): search, tick a facet, open an organisation, see its map."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.search.services import index_rebuild
from tests.web.builders import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(page: Any) -> int:
    text = page.locator(".result-count").inner_text()
    found = re.search(r"(\d+)\s+résultat", text.replace("\u202f", "").replace("\xa0", ""))
    assert found, text
    return int(found.group(1))


def test_search_facet_then_organisation_map(live_server: Any, page: Any) -> None:
    build_world()
    index_rebuild()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(f"{live_server.url}/annuaire/")
    assert page.locator("h1").inner_text() == "Annuaire des acteurs du numérique"
    before = _count(page)
    assert before == 26

    # Tick "Manche (50)": the facet script submits the form, results narrow.
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Manche \(50\)")).check()
    assert "department=50" in page.url
    after = _count(page)
    assert 0 < after < before
    assert page.get_by_label(re.compile(r"^Manche \(50\)")).is_checked()
    assert page.get_by_role("link", name="Cotentin Numérique").count() == 1
    assert page.get_by_role("link", name="Cyberdéfense Normande").count() == 0

    # Open an organisation page: identity, and the SVG position map.
    page.get_by_role("link", name="Cotentin Numérique").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Cotentin Numérique"
    svg = page.locator("svg.minimap")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "img"
    assert page.locator("svg.minimap .map-target circle").count() == 2
    assert page.locator("svg.minimap .map-place circle").count() == 3  # the Manche communes
    assert page.locator("svg.minimap .map-target text").text_content() == "Cotentin Numérique"
    assert page.locator("svg.minimap text", has_text="Saint-Lô").count() == 1
    box = svg.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert not errors, errors  # no CSP violation or script error


def test_text_search_and_keyboard_skip_link(live_server: Any, page: Any) -> None:
    build_world()
    index_rebuild()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_label("Que cherchez-vous ?").fill("sécurité informatique")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Cyberdéfense Normande").count() == 1


def test_commune_autocomplete_suggests_from_the_api(live_server: Any, page: Any) -> None:
    build_world()
    page.goto(f"{live_server.url}/annuaire/")
    page.get_by_label("de la commune (nom ou code INSEE)").press_sequentially("cher", delay=30)
    options = page.locator("#communes-suggestions option")
    options.first.wait_for(state="attached", timeout=5000)
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert values == ["Cherbourg-en-Cotentin (50)"]
    page.get_by_label("de la commune (nom ou code INSEE)").fill(values[0])
    page.get_by_label("À moins de (km)").fill("10")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert (
        "à moins de 10 km de Cherbourg-en-Cotentin (50)"
        in page.locator(".result-count").inner_text()
    )
