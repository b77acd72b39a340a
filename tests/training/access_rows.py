"""Access-matrix rows of the training routes (collected by tests/test_access_matrix.py)."""

from __future__ import annotations

from tests.web.access_cases import Case, everyone, only
from tests.web.builders import World


def prepare(world: World) -> None:
    from maillage.training.models import Programme

    world.extras["programme"] = Programme.objects.create(
        source="rncp", external_id="RNCP1", title="Technicien réseaux", content_hash="x"
    )


ROWS = {
    "formations/": [
        Case("training-search", lambda w: "/formations/?q=reseaux", everyone(200)),
        Case("training-bad-page", lambda w: "/formations/?page=0", everyone(400)),
    ],
    "formations/<int:programme_id>/": [
        Case("programme", lambda w: f"/formations/{w.extras['programme'].pk}/", everyone(200)),
        Case("programme-missing", lambda w: "/formations/987654321/", everyone(404)),
    ],
    "formations/besoin/": [
        Case("training-need", lambda w: "/formations/besoin/", everyone(200)),
    ],
    "formations/besoin/signaler/": [
        # an organisation nobody belongs to: 404 for all (members' own: tests/training)
        Case(
            "need-report-foreign",
            lambda w: "/formations/besoin/signaler/",
            everyone(404),
            method="post",
            data={"organisation": "0", "besoin": "cyber", "rome": "M1844", "headcount": "2"},
        ),
        Case("need-report-get", lambda w: "/formations/besoin/signaler/", everyone(405)),
    ],
    "formations/mutualisation/<int:session_id>/decision/": [
        Case(
            "pooling-decide-missing",
            lambda w: "/formations/mutualisation/987654321/decision/",
            everyone(404),
            method="post",
            data={"status": "confirmed"},
        ),
        Case(
            "pooling-decide-get",
            lambda w: "/formations/mutualisation/987654321/decision/",
            everyone(405),
        ),
    ],
    "formations/mutualisation/": [
        Case("pooling", lambda w: "/formations/mutualisation/", only({"network_staff"}, 200, 404)),
        Case(
            "pooling-post",
            lambda w: "/formations/mutualisation/",
            only({"network_staff"}, 302, 404),
            method="post",
        ),
    ],
}
