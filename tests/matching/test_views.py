"""Matchmaking pages through the test client: intake, emergency, requester and provider pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.matching.access import status_key
from maillage.matching.models import (
    Introduction,
    IntroductionEvent,
    Need,
    NeedStatus,
    ResponderCommitment,
)
from maillage.matching.services import introductions_send
from maillage.opendata.models import CommunePostcode
from maillage_core.pipeline import State
from tests.web.builders import World, build_world

NEED_TEXT = "PME de métallurgie à Évreux, on veut de l'IA pour la maintenance prédictive."


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def _client(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "text": NEED_TEXT,
        "organisation_name": "Métallerie Ébroïcienne",
        "siret": "",
        "commune": "27229",
        "contact_name": "Dominique Martin",
        "contact_email": "d.martin@exemple.test",
        "contact_phone": "02 32 00 00 00",
        "consent": "on",
    }
    data.update(overrides)
    return data


def _need_for(world: World, **kw: Any) -> Need:
    fields: dict[str, Any] = {
        "organisation": world.org_b,
        "organisation_name": world.org_b.name,
        "text": NEED_TEXT,
        "contact_name": "Hugo Marie",
        "contact_email": "hugo@cotentin.test",
        "consent_at": "2026-11-02T09:00:00Z",
    }
    fields.update(kw)
    return Need.objects.create(**fields)


# --- intake -------------------------------------------------------------------------------


def test_need_form_renders_with_consent_text(world: World) -> None:
    page = _client().get("/besoin/").content.decode()
    assert "Votre besoin, avec vos mots" in page
    assert "J&#x27;accepte que le réseau transmette ma demande" in page


def test_need_submitted_then_confirmation_page(world: World) -> None:
    response = _client().post("/besoin/", _form())
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.commune_id == "27229" and need.status == NeedStatus.SUBMITTED
    assert response["Location"] == f"/besoin/suivi/{status_key(need)}/"
    page = _client().get(response["Location"]).content.decode()
    assert "Votre demande est enregistrée" in page
    assert "Et maintenant ?" in page


def test_commune_by_postcode_and_name(world: World) -> None:
    CommunePostcode.objects.create(commune_id="50129", postcode="50100")
    _client().post("/besoin/", _form(commune="Évreux"))
    _client().post("/besoin/", _form(commune="50100", contact_email="x@exemple.test"))
    assert sorted(Need.objects.values_list("commune_id", flat=True)) == ["27229", "50129"]


def test_intake_refusal_shown_inline_and_input_kept(world: World) -> None:
    response = _client().post("/besoin/", _form(text="IA vite"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Décrivez votre besoin en quelques mots de plus." in page
    assert "d.martin@exemple.test" in page  # the input is kept
    assert not Need.objects.exists()


def test_missing_consent_and_bad_siret_refused(world: World) -> None:
    form = _form()
    del form["consent"]
    page = _client().post("/besoin/", form).content.decode()
    assert "Votre accord est nécessaire" in page
    page = _client().post("/besoin/", _form(siret="12345678901234")).content.decode()
    assert "Le SIRET saisi n&#x27;est pas valide" in page
    page = _client().post("/besoin/", _form(commune="Atlantide")).content.decode()
    assert "Commune inconnue" in page
    assert not Need.objects.exists()


def test_member_form_prefilled_with_organisation(world: World) -> None:
    page = _client(world.member_a).get("/besoin/").content.decode()
    assert 'value="Cyberdéfense Normande"' in page
    assert 'value="membre-a@exemple.test"' in page


def test_staff_creates_need_for_a_caller(world: World) -> None:
    client = _client(world.network_staff)
    page = client.get("/besoin/").content.decode()
    assert "Créé pour le compte d'un appelant" in page
    response = client.post("/besoin/", _form())
    need = Need.objects.get()
    assert need.created_by == world.network_staff
    assert response["Location"] == f"/mises-en-relation/besoins/{need.pk}/"


def test_duplicate_is_flagged_in_the_staff_list(world: World) -> None:
    _client().post("/besoin/", _form())
    _client().post("/besoin/", _form())
    first, second = Need.objects.order_by("id")
    assert second.duplicate_of_id == first.pk
    page = _client(world.network_staff).get("/mises-en-relation/?doublons=on").content.decode()
    assert f"Doublon possible de n°{first.pk}" in page
    assert f">n°{first.pk}<" not in page  # the filter keeps the duplicates only


# --- cyber emergency ----------------------------------------------------------------------


def _emergency(**overrides: str) -> dict[str, str]:
    data = {
        "incident_type": "ransomware",
        "description": "Tous nos fichiers sont chiffrés, un message demande une rançon.",
        "organisation_name": "Mairie de Bayeux",
        "commune": "Bayeux",
        "contact_name": "Claire Morel",
        "contact_phone": "02 31 00 00 01",
        "contact_email": "c.morel@exemple.test",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_emergency_broadcast_then_taken_by_first_responder(world: World) -> None:
    ResponderCommitment.objects.create(
        organisation=world.org_a, incident_types=["ransomware"], response_time_minutes=60
    )
    response = _client().post("/urgence-cyber/", _emergency())
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.is_emergency and need.incident_type == "ransomware"
    intro = Introduction.objects.get()
    assert intro.provider == world.org_a
    status_url = response["Location"]
    page = _client().get(status_url).content.decode()
    assert "1 intervenant alerté" in page
    assert "17Cyber" in page  # while waiting, the help contacts are there too

    member = _client(world.member_a)
    member.post(f"/mises-en-relation/demandes/{intro.pk}/action/", {"event": "accept"})
    page = _client().get(status_url).content.decode()
    assert "Pris en charge par <strong>Cyberdéfense Normande</strong>" in page


def test_emergency_without_responder_shows_csirt_and_17cyber(world: World) -> None:
    response = _client().post("/urgence-cyber/", _emergency())
    need = Need.objects.get()
    assert need.escalated_at is not None and not need.introductions.exists()
    page = _client().get(response["Location"]).content.decode()
    assert "Aucun intervenant n'a encore pu prendre votre urgence" in page
    assert "CSIRT régional" in page and "17Cyber" in page
    assert "Faire auditer sa sécurité" in page  # the prevention path


def test_emergency_form_requires_a_phone(world: World) -> None:
    response = _client().post("/urgence-cyber/", _emergency(contact_phone=""))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_status_link_tampered_is_404(world: World) -> None:
    need = _need_for(world)
    key = status_key(need)
    assert _client().get(f"/besoin/suivi/{key}/").status_code == 200
    assert _client().get(f"/besoin/suivi/{key[:-2]}xx/").status_code == 404


def test_requester_rates_an_ended_introduction(world: World) -> None:
    from maillage.matching.services import introduction_apply
    from maillage_core.pipeline import Event

    need = _need_for(world)
    (intro,) = introductions_send(need=need, providers=[world.org_a], actor=None)
    key = status_key(need)
    url = f"/besoin/suivi/{key}/avis/{intro.pk}/"
    page = _client().get(f"/besoin/suivi/{key}/").content.decode()
    assert "Comment cela s'est-il passé ?" not in page  # nothing to rate while it is open
    # still waiting: the pipeline refuses a survey, in French, and nothing changes
    refused = _client().post(url, {"satisfaction": "4"}, follow=True).content.decode()
    assert "impossible" in refused
    for event in (Event.ACCEPT, Event.MEET, Event.PROPOSE, Event.LOSE):
        introduction_apply(introduction=intro, event=event, actor=None)
    page = _client().get(f"/besoin/suivi/{key}/").content.decode()
    assert "Comment cela s'est-il passé ?" in page and world.org_a.name in page
    bad = _client().post(url, {"satisfaction": "9"}, follow=True).content.decode()
    assert "Choisissez une note de 1 à 5." in bad
    long = _client().post(url, {"satisfaction": "3", "commentaire": "x" * 501}, follow=True)
    assert "Le commentaire dépasse 500 caractères." in long.content.decode()
    intro.refresh_from_db()
    assert intro.satisfaction is None and intro.state == State.LOST
    done = _client().post(url, {"satisfaction": "4", "commentaire": "Réactifs"}, follow=True)
    assert f"Merci pour votre avis sur {world.org_a.name} (4/5)." in done.content.decode()
    intro.refresh_from_db()
    assert (intro.satisfaction, intro.state) == (4, State.SURVEYED)
    event = IntroductionEvent.objects.filter(introduction=intro).order_by("-id").first()
    assert event is not None and event.note == "avis du demandeur : Réactifs"
    # rated once: no form any more, the rating is shown
    after = _client().get(f"/besoin/suivi/{key}/").content.decode()
    assert "Envoyer mon avis" not in after and "4/5" in after
    # an introduction of another need cannot be rated through this link
    other = _need_for(world)
    (foreign,) = introductions_send(need=other, providers=[world.org_a], actor=None)
    assert (
        _client().post(f"/besoin/suivi/{key}/avis/{foreign.pk}/", {"satisfaction": "5"}).status_code
        == 404
    )


def test_home_reaches_the_emergency_form(world: World) -> None:
    page = _client().get("/").content.decode()
    assert 'href="/urgence-cyber/"' in page
    assert 'href="/besoin/"' in page


# --- provider -----------------------------------------------------------------------------


@pytest.fixture
def sent(world: World) -> Introduction:
    need = _need_for(world)
    (intro,) = introductions_send(need=need, providers=[world.org_a], actor=world.network_staff)
    return intro


def test_token_page_asks_anonymous_to_sign_in(world: World, sent: Introduction) -> None:
    page = _client().get(f"/mises-en-relation/reponse/{sent.token}/").content.decode()
    assert "connectez-vous" in page
    assert "maintenance" not in page and "Hugo" not in page


def test_token_page_hidden_from_another_provider(world: World, sent: Introduction) -> None:
    response = _client(world.member_b).get(f"/mises-en-relation/reponse/{sent.token}/")
    assert response.status_code == 404


def test_provider_accepts_then_sees_contact_then_records_contract(
    world: World, sent: Introduction
) -> None:
    client = _client(world.member_a)
    page = client.get(f"/mises-en-relation/reponse/{sent.token}/").content.decode()
    assert "maintenance prédictive" in page
    assert "hugo@cotentin.test" not in page  # contact only once accepted
    assert 'value="accept"' in page and 'value="decline"' in page
    action = f"/mises-en-relation/demandes/{sent.pk}/action/"
    client.post(action, {"event": "accept"})
    page = client.get(f"/mises-en-relation/demandes/{sent.pk}/").content.decode()
    assert "hugo@cotentin.test" in page
    client.post(action, {"event": "propose"})
    response = client.post(action, {"event": "win"})  # no amount: refused
    sent.refresh_from_db()
    assert sent.state == State.PROPOSAL
    assert response.status_code == 302
    client.post(action, {"event": "win", "amount": "18500"})
    sent.refresh_from_db()
    assert sent.state == State.CONTRACT and str(sent.contract_amount) == "18500.00"
    assert list(IntroductionEvent.objects.values_list("event", flat=True)) == [
        "send",
        "accept",
        "propose",
        "win",
    ]


def test_provider_cannot_withdraw(world: World, sent: Introduction) -> None:
    _client(world.member_a).post(
        f"/mises-en-relation/demandes/{sent.pk}/action/", {"event": "withdraw"}
    )
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_another_provider_cannot_act(world: World, sent: Introduction) -> None:
    response = _client(world.member_b).post(
        f"/mises-en-relation/demandes/{sent.pk}/action/", {"event": "accept"}
    )
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_my_leads_lists_only_my_organisations(world: World, sent: Introduction) -> None:
    page = _client(world.member_a).get("/mises-en-relation/mes-demandes/").content.decode()
    assert f"/mises-en-relation/demandes/{sent.pk}/" in page
    page = _client(world.member_b).get("/mises-en-relation/mes-demandes/").content.decode()
    assert f"/mises-en-relation/demandes/{sent.pk}/" not in page
    assert "Aucune demande en attente." in page


# --- requester ----------------------------------------------------------------------------


def test_my_needs_for_the_requesting_organisation_only(world: World, sent: Introduction) -> None:
    page = _client(world.member_b).get("/mises-en-relation/mes-besoins/").content.decode()
    assert f"Besoin n°{sent.need_id}" in page
    assert "envoyée, en attente de réponse" in page
    assert "Cyberdéfense Normande" not in page  # named once it has accepted
    page = _client(world.member_a).get("/mises-en-relation/mes-besoins/").content.decode()
    assert f"Besoin n°{sent.need_id}" not in page
    assert "Aucun besoin pour l'instant" in page
