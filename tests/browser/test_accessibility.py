"""Structural accessibility checks in chromium: lang, landmarks, one h1, labelled inputs, focus."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from maillage.search.services import index_rebuild
from tests.web.builders import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""


@pytest.fixture
def audit_page(browser: Any) -> Iterator[Any]:
    # Our own scripts obey the CSP; the audit snippets are evaluated by the test harness.
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_pages_have_landmarks_labels_and_one_h1(live_server: Any, audit_page: Any) -> None:
    world = build_world()
    index_rebuild()
    page = audit_page
    for path in (
        "/",
        "/annuaire/",
        "/annuaire/?q=web&department=14",
        f"/annuaire/{world.org_a.pk}/",
        "/compte/connexion/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "fr", path
        assert page.locator("h1").count() == 1, path
        for landmark in ("banner", "main", "contentinfo", "navigation"):
            assert page.get_by_role(landmark).count() >= 1, (path, landmark)
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("a.skip").get_attribute("href") == "#contenu"


def test_focus_is_visible(live_server: Any, audit_page: Any) -> None:
    build_world()
    page = audit_page
    page.goto(live_server.url + "/annuaire/")
    page.get_by_label("Rechercher une organisation, une compétence, un besoin").focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
