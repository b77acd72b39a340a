"""In a real browser (Debian chromium): a need goes from the intake form to a signed contract.

intake (anonymous) → staff qualification (suggestions, send to two providers) → the provider
signs in from the e-mail link, accepts, then records a proposal and a contract with its amount;
then the staff dashboard and an emergency with no responder. Screenshots of every page go to
`MAILLAGE_SCREENSHOTS` when set (e.g. var/screenshots).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from maillage.common.models import OutboxEmail
from maillage.matching.models import Introduction, Need
from maillage.search.services import index_rebuild
from tests.web.builders import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("MAILLAGE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"matching-{name}.png"), full_page=True)


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return errors


def _login(page: Any, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/compte/connexion/?next={next_url}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


def test_intake_to_contract(live_server: Any, browser: Any) -> None:
    world = build_world()
    index_rebuild()
    base = live_server.url

    # 1. A requester states a need, from the home page.
    requester = browser.new_context(locale="fr-FR").new_page()
    errors = _watch(requester)
    requester.goto(f"{base}/")
    requester.get_by_role("link", name="Exprimer un besoin").first.click()
    requester.wait_for_load_state()
    _shot(requester, "01-need-form")
    requester.get_by_label("Votre besoin, avec vos mots").fill(
        "Commune de 3000 habitants près de Caen : nous voulons un audit de sécurité "
        "de notre informatique et des tests d'intrusion avant l'été."
    )
    requester.get_by_label("Nom de votre organisation").fill("Mairie de Fleury")
    requester.get_by_label("Commune").fill("Caen")
    requester.get_by_label("Votre nom").fill("Claire Morel")
    requester.get_by_label("Votre adresse e-mail").fill("claire.morel@exemple.test")
    requester.get_by_label(re.compile("^J'accepte que le réseau")).check()
    with requester.expect_navigation():
        requester.get_by_role("button", name="Envoyer ma demande").click()
    assert requester.locator("h1").inner_text() == "Votre demande est enregistrée"
    status_url = requester.url
    _shot(requester, "02-need-status")
    need = Need.objects.get()

    # 2. Staff qualify it: suggestions with reasons, send to two providers.
    staff = browser.new_context(locale="fr-FR").new_page()
    errors += _watch(staff)
    _login(staff, base, world.network_staff.username, "/mises-en-relation/")
    _shot(staff, "03-staff-needs")
    staff.get_by_role("link", name=f"n°{need.pk}").click()
    staff.wait_for_load_state()
    assert "Suggestions pas encore calculées." in staff.content()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Calculer les suggestions").click()
    staff.get_by_label("Choisir Cyberdéfense Normande").check()
    other = staff.locator("input[name=providers]").nth(1)
    other.check()
    _shot(staff, "04-staff-need-suggestions")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Envoyer aux prestataires choisis").click()
    assert "Demande envoyée à" in staff.locator(".messages").inner_text()
    assert Introduction.objects.filter(need=need).count() == 2
    _shot(staff, "05-staff-need-sent")

    # 3. The provider follows the e-mail link, signs in, accepts.
    intro = Introduction.objects.get(need=need, provider=world.org_a)
    mail = OutboxEmail.objects.filter(key__startswith=f"introduction:{intro.pk}:new").first()
    assert mail is not None and "audit" not in mail.body  # the e-mail carries no content
    link = re.search(r"/mises-en-relation/reponse/[^/\s]+/", mail.body)
    assert link is not None
    provider = browser.new_context(locale="fr-FR").new_page()
    errors += _watch(provider)
    provider.goto(f"{base}{link.group(0)}")
    assert "audit" not in provider.content()
    _shot(provider, "06-answer-login")
    with provider.expect_navigation():
        provider.get_by_role("link", name="connectez-vous").click()
    provider.get_by_label("Identifiant").fill(world.member_a.username)
    provider.get_by_label("Mot de passe").fill(PASSWORD)
    with provider.expect_navigation():
        provider.get_by_role("button", name="Se connecter").click()
    assert "tests d'intrusion" in provider.content()
    _shot(provider, "07-answer")
    with provider.expect_navigation():
        provider.get_by_role("button", name=re.compile("^Accepter")).click()
    assert "claire.morel@exemple.test" in provider.content()  # contact shown once accepted
    with provider.expect_navigation():
        provider.get_by_role("button", name=re.compile("^Proposition remise")).click()
    provider.get_by_label("Montant du marché (€ HT)").fill("18500")
    with provider.expect_navigation():
        provider.get_by_role("button", name=re.compile("^Marché signé")).click()
    assert re.search(
        r"Marché signé : 18[\s\u202f\xa0]?500,00 €", provider.locator("main").inner_text()
    )
    _shot(provider, "08-contract")
    provider.goto(f"{base}/mises-en-relation/mes-demandes/")
    _shot(provider, "09-my-leads")

    # 4. The requester's page says who took it; staff see it in the pipeline.
    requester.goto(status_url)
    assert "Cyberdéfense Normande" in requester.content()
    staff.goto(f"{base}/mises-en-relation/tableau-de-bord/")
    assert staff.locator("svg.bars").count() == 3
    assert re.search(r"18[\s\u202f\xa0]?500 €", staff.locator("main").inner_text())
    _shot(staff, "10-dashboard")
    staff.goto(f"{base}/mises-en-relation/besoins/{need.pk}/")
    _shot(staff, "11-staff-need-contract")
    assert not errors, errors


def test_emergency_without_responder_in_two_clicks(live_server: Any, page: Any) -> None:
    build_world()
    errors = _watch(page)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Urgence cyber").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Urgence cyber : être aidé maintenant"
    _shot(page, "12-emergency-form")
    page.get_by_label("rançongiciel").check()
    page.get_by_label("En quelques mots").fill("Tous nos fichiers sont chiffrés depuis ce matin.")
    page.get_by_label("Où ? (commune)").fill("Bayeux")
    page.get_by_label("Votre nom").fill("Claire Morel")
    page.get_by_label("Téléphone où vous joindre").fill("02 31 00 00 01")
    page.get_by_label("Votre adresse e-mail").fill("c.morel@exemple.test")
    page.get_by_label(re.compile("^J'accepte que le réseau")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Alerter les intervenants").click()
    assert "Aucun intervenant n'a encore pu prendre votre urgence" in page.content()
    assert page.get_by_role("link", name=re.compile("17Cyber")).count() >= 1
    _shot(page, "13-emergency-status")
    assert not errors, errors


def test_member_states_a_need_then_follows_it(live_server: Any, page: Any) -> None:
    world = build_world()
    errors = _watch(page)
    _login(page, live_server.url, world.member_b.username, "/besoin/")
    assert page.get_by_label("Nom de votre organisation").input_value() == "Cotentin Numérique"
    page.get_by_label("Votre besoin, avec vos mots").fill(
        "Nous voulons former deux salariés à la cybersécurité avant la fin de l'année."
    )
    page.get_by_label("Votre nom").fill("Hugo Marie")
    page.get_by_label(re.compile("^J'accepte que le réseau")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_role("link", name="Mes besoins").click()
    page.wait_for_load_state()
    assert "former deux salariés" in page.locator(".need-card").first.inner_text()
    assert "En cours d'analyse" in page.content()
    _shot(page, "14-my-needs")
    assert not errors, errors
