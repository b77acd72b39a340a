"""Access-matrix rows of the funding routes (collected by tests/test_access_matrix.py).

Objects: a published call, a call "to review" (staff only), a saved search and an application
of organisation A (its member and network staff only). Actions need a sign-in (anonymous →
login redirect); calendar, confirm and unsubscribe links work by secret token only.
"""

from __future__ import annotations

from django.utils import timezone

from tests.web.access_cases import Case, everyone, only
from tests.web.builders import World

SIGNED_IN = {"member_a", "member_b", "network_staff", "programme_staff", "partner"}
STAFF = {"network_staff"}


def prepare(world: World) -> None:
    from maillage.funding.models import Application, CallStatus, FundingCall, SavedSearch

    now = timezone.now()
    common = {"content_hash": "x", "created_at": now, "updated_at": now}
    call = FundingCall.objects.create(
        source="t", external_id="pub", title="Chèque numérique", themes_tags="|numerique|", **common
    )
    hidden = FundingCall.objects.create(
        source="t", external_id="hid", title="À relire", status=CallStatus.TO_REVIEW, **common
    )
    search = SavedSearch.objects.create(
        user=world.member_a, name="Veille", email="a@exemple.test", confirmed_at=now
    )
    application = Application.objects.create(call=call, organisation=world.org_a)
    world.extras.update(call=call, hidden=hidden, search=search, application=application)


def _x(w: World, key: str) -> int:
    return int(w.extras[key].pk)


ROWS: dict[str, list[Case]] = {
    "aides/": [
        Case("aides-search", lambda w: "/aides/?ouvert=on&theme=numerique", everyone(200)),
        Case("aides-bad", lambda w: "/aides/?perimetre=zz", everyone(400)),
    ],
    "aides/<int:call_id>/": [
        Case("aides-call", lambda w: f"/aides/{_x(w, 'call')}/", everyone(200)),
        Case("aides-hidden", lambda w: f"/aides/{_x(w, 'hidden')}/", only(STAFF, 200, 404)),
        Case("aides-missing", lambda w: "/aides/987654321/", everyone(404)),
    ],
    "aides/<int:call_id>/suivre/": [
        Case("aides-follow", lambda w: f"/aides/{_x(w, 'call')}/suivre/", everyone(302), "post"),
        Case(
            "aides-follow-hidden",
            lambda w: f"/aides/{_x(w, 'hidden')}/suivre/",
            {**only(STAFF, 302, 404), "anonymous": 302},
            "post",
        ),
    ],
    "aides/<int:call_id>/candidature/": [
        Case(
            "aides-apply-not-own-org",
            lambda w: f"/aides/{_x(w, 'call')}/candidature/",
            {**everyone(404), "anonymous": 302},
            "post",
            data={"organisation": "0"},
        ),
    ],
    "aides/veille/": [Case("aides-watch", lambda w: "/aides/veille/", only(SIGNED_IN, 200, 302))],
    "aides/veille/alertes/": [
        Case("aides-alert-create", lambda w: "/aides/veille/alertes/", everyone(302), "post")
    ],
    "aides/candidatures/<int:application_id>/": [
        Case(
            "aides-application",
            lambda w: f"/aides/candidatures/{_x(w, 'application')}/",
            {**only({"member_a", "network_staff"}, 302, 404), "anonymous": 302},
            "post",
            data={"status": "submitted"},
        ),
    ],
    "aides/alertes/confirmer/<str:token>/": [
        Case("aides-confirm-unknown", lambda w: "/aides/alertes/confirmer/inconnu/", everyone(404)),
    ],
    "aides/alertes/desabonner/<str:token>/": [
        Case(
            "aides-unsubscribe",
            lambda w: f"/aides/alertes/desabonner/{w.extras['search'].unsubscribe_token}/",
            everyone(200),
        ),
        Case("aides-unsub-unknown", lambda w: "/aides/alertes/desabonner/x/", everyone(404)),
    ],
    "aides/calendrier/alerte/<str:token>.ics": [
        Case(
            "aides-search-ics",
            lambda w: f"/aides/calendrier/alerte/{w.extras['search'].ics_token}.ics",
            everyone(200),
        ),
        Case("aides-search-ics-bad", lambda w: "/aides/calendrier/alerte/x.ics", everyone(404)),
    ],
    "aides/calendrier/<str:token>.ics": [
        Case("aides-user-ics-bad", lambda w: "/aides/calendrier/x.ics", everyone(404)),
    ],
    "aides/gestion/relecture/": [
        Case("aides-review", lambda w: "/aides/gestion/relecture/", only(STAFF, 200, 404)),
    ],
    "aides/gestion/relecture/<int:item_id>/": [
        Case(
            "aides-review-missing",
            lambda w: "/aides/gestion/relecture/98765/",
            everyone(404),
            "post",
        ),
    ],
    "aides/gestion/resultats/": [
        Case("aides-success", lambda w: "/aides/gestion/resultats/", only(STAFF, 200, 404)),
    ],
    "api/v1/calls": [
        Case("api-calls", lambda w: "/api/v1/calls?theme=numerique", everyone(200)),
        Case("api-calls-bad", lambda w: "/api/v1/calls?page=0", everyone(422)),
    ],
    "api/v1/calls/<call_id>": [
        Case("api-call", lambda w: f"/api/v1/calls/{_x(w, 'call')}", everyone(200)),
        Case(
            "api-call-hidden", lambda w: f"/api/v1/calls/{_x(w, 'hidden')}", only(STAFF, 200, 404)
        ),
    ],
}
