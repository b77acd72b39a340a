"""Access-matrix rows of the matchmaking routes (collected by tests/test_access_matrix.py).

The objects: a need of organisation B (its member is the requester) sent to organisation A
(its member is the provider). A provider never sees a need not sent to it; a requester sees
only its own; staff pages are 404 for everyone but network staff (anonymous: sign in).
"""

from __future__ import annotations

from django.utils import timezone

from tests.web.access_cases import ROLES, Case, everyone, only
from tests.web.builders import World


def prepare(world: World) -> None:
    from maillage.matching.access import status_key
    from maillage.matching.models import Need
    from maillage.matching.services import introductions_send

    need = Need.objects.create(
        organisation=world.org_b,
        organisation_name=world.org_b.name,
        text="Nous voulons refaire notre site marchand avec du paiement en ligne.",
        contact_name="Hugo Marie",
        contact_email="hugo@cotentin.test",
        consent_at=timezone.now(),
    )
    (intro,) = introductions_send(need=need, providers=[world.org_a], actor=None)
    world.extras.update(need=need, intro=intro, status_key=status_key(need))


def staff_page(status: int = 200) -> dict[str, int]:
    """Network staff `status`; anonymous sent to sign in; everyone else 404."""
    return {**only({"network_staff"}, status, 404), "anonymous": 302}


def signed_in(status: int = 200) -> dict[str, int]:
    return {role: 302 if role == "anonymous" else status for role in ROLES}


def _need(w: World) -> int:
    return int(w.extras["need"].pk)


def _intro(w: World) -> int:
    return int(w.extras["intro"].pk)


ROWS = {
    "besoin/": [
        Case("need-form", lambda w: "/besoin/", everyone(200)),
        Case("need-form-empty-post", lambda w: "/besoin/", everyone(400), method="post"),
    ],
    "besoin/suivi/<str:key>/": [
        Case("need-status", lambda w: f"/besoin/suivi/{w.extras['status_key']}/", everyone(200)),
        Case("need-status-forged", lambda w: "/besoin/suivi/1:abc/", everyone(404)),
    ],
    "besoin/suivi/<str:key>/avis/<int:introduction_id>/": [
        # whoever holds the link may rate; this one is still waiting: refused, redirected back
        Case(
            "need-status-rate",
            lambda w: f"/besoin/suivi/{w.extras['status_key']}/avis/{_intro(w)}/",
            everyone(302),
            method="post",
            data={"satisfaction": "4"},
        ),
        Case(
            "need-status-rate-forged",
            lambda w: f"/besoin/suivi/1:abc/avis/{_intro(w)}/",
            everyone(404),
            method="post",
            data={"satisfaction": "4"},
        ),
        Case(
            "need-status-rate-get",
            lambda w: f"/besoin/suivi/{w.extras['status_key']}/avis/{_intro(w)}/",
            everyone(405),
        ),
    ],
    "urgence-cyber/": [
        Case("emergency-form", lambda w: "/urgence-cyber/", everyone(200)),
        Case("emergency-empty-post", lambda w: "/urgence-cyber/", everyone(400), method="post"),
    ],
    "mises-en-relation/": [
        Case("needs-list", lambda w: "/mises-en-relation/", staff_page()),
        Case("needs-list-bad", lambda w: "/mises-en-relation/?status=x", staff_page(400)),
    ],
    "mises-en-relation/tableau-de-bord/": [
        Case("pipeline", lambda w: "/mises-en-relation/tableau-de-bord/", staff_page()),
    ],
    "mises-en-relation/besoins/<int:need_id>/": [
        Case("need-detail", lambda w: f"/mises-en-relation/besoins/{_need(w)}/", staff_page()),
        Case("need-missing", lambda w: "/mises-en-relation/besoins/987654/", staff_page(404)),
    ],
    "mises-en-relation/besoins/<int:need_id>/profil/": [
        Case(
            "need-profile",
            lambda w: f"/mises-en-relation/besoins/{_need(w)}/profil/",
            staff_page(302),
            method="post",
            data={"domains": "web"},
        ),
        Case(
            "need-profile-get",
            lambda w: f"/mises-en-relation/besoins/{_need(w)}/profil/",
            everyone(405),
        ),
    ],
    "mises-en-relation/besoins/<int:need_id>/suggestions/": [
        Case(
            "need-suggest",
            lambda w: f"/mises-en-relation/besoins/{_need(w)}/suggestions/",
            staff_page(302),
            method="post",
        ),
    ],
    "mises-en-relation/besoins/<int:need_id>/envoi/": [
        Case(
            "need-send",
            lambda w: f"/mises-en-relation/besoins/{_need(w)}/envoi/",
            staff_page(302),
            method="post",
        ),
    ],
    "mises-en-relation/mes-besoins/": [
        Case("my-needs", lambda w: "/mises-en-relation/mes-besoins/", signed_in()),
    ],
    "mises-en-relation/mes-demandes/": [
        Case("my-leads", lambda w: "/mises-en-relation/mes-demandes/", signed_in()),
    ],
    "mises-en-relation/demandes/<int:introduction_id>/": [
        Case(
            "introduction",
            lambda w: f"/mises-en-relation/demandes/{_intro(w)}/",
            {**only({"member_a", "network_staff"}, 200, 404), "anonymous": 302},
        ),
    ],
    "mises-en-relation/demandes/<int:introduction_id>/action/": [
        Case(
            "introduction-action",
            lambda w: f"/mises-en-relation/demandes/{_intro(w)}/action/",
            {**only({"member_a", "network_staff"}, 302, 404), "anonymous": 302},
            method="post",
            data={"event": "nothing"},
        ),
        Case(
            "introduction-action-get",
            lambda w: f"/mises-en-relation/demandes/{_intro(w)}/action/",
            everyone(405),
        ),
    ],
    "mises-en-relation/reponse/<str:token>/": [
        Case(
            "answer-token",
            lambda w: f"/mises-en-relation/reponse/{w.extras['intro'].token}/",
            # anonymous: only a "connectez-vous" page (nothing of the need)
            only({"anonymous", "member_a", "network_staff"}, 200, 404),
        ),
        Case("unknown-token", lambda w: "/mises-en-relation/reponse/inconnu/", everyone(404)),
    ],
    "api/v1/needs": [
        Case("api-need-create-empty", lambda w: "/api/v1/needs", everyone(400), method="post"),
        Case("api-need-get", lambda w: "/api/v1/needs", everyone(405)),
    ],
    "api/v1/needs/<need_id>": [
        Case(
            "api-need-read",
            lambda w: f"/api/v1/needs/{_need(w)}",
            {**only({"member_b", "network_staff"}, 200, 404), "anonymous": 401},
        ),
    ],
    "api/v1/match": [
        Case("api-match", lambda w: "/api/v1/match?q=site+marchand", everyone(200)),
        Case("api-match-empty", lambda w: "/api/v1/match", everyone(422)),
    ],
    "api/v1/introductions/<introduction_id>/accept": [
        Case(
            "api-accept",
            lambda w: f"/api/v1/introductions/{_intro(w)}/accept",
            {**only({"member_a"}, 200, 404), "anonymous": 401},
            method="post",
        ),
    ],
    "api/v1/introductions/<introduction_id>/decline": [
        Case(
            "api-decline",
            lambda w: f"/api/v1/introductions/{_intro(w)}/decline",
            {**only({"member_a"}, 200, 404), "anonymous": 401},
            method="post",
        ),
    ],
}
