"""Browser: search calls with facets, follow a call, record an application and its outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maillage.funding.services import calls_import
from tests.web.builders import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"


def test_search_follow_and_apply(live_server: Any, page: Any) -> None:
    world = build_world()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")
    base = live_server.url
    page.goto(f"{base}/compte/connexion/?next=/aides/")
    page.get_by_label("Identifiant").fill(world.member_b.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/aides/")
    # facets: open now + theme "Numérique"
    page.get_by_label("Ouvert maintenant").check()
    page.locator("input[name=theme][value=numerique]").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    results = page.locator("ol.results h2")
    titles = results.all_inner_texts()
    assert "Chèque numérique Manche" in titles and "Prime export 2020" not in titles
    page.get_by_role("link", name="Chèque numérique Manche").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Chèque numérique Manche"
    page.get_by_role("button", name="Suivre cet appel").click()
    assert page.get_by_role("button", name="Ne plus suivre").count() == 1
    page.get_by_label("Montant demandé (€)").fill("1500")
    page.get_by_role("button", name="Préparer une candidature").click()
    page.wait_for_url(f"{base}/aides/veille/")
    assert "en préparation" in page.locator("table").inner_text()
    page.get_by_label("Nouveau statut").select_option("submitted")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Nouveau statut").select_option("obtained")
    page.get_by_label("Montant obtenu (€)").fill("1200")
    page.get_by_role("button", name="Enregistrer").click()
    assert "obtenue" in page.locator("table").inner_text()
