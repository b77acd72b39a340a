"""Need intake through the service: validation, directory link, duplicates, spam."""

from __future__ import annotations

from datetime import timedelta

import pytest

from maillage.directory.models import Organisation
from maillage.matching.intake import need_submit
from maillage.matching.models import Need, NeedStatus
from maillage_core.intake import IntakeError
from tests.matching.conftest import T0

pytestmark = pytest.mark.django_db

TEXT = "PME de métallurgie à Évreux, on veut de l'IA pour la maintenance prédictive"


def _submit(**kw: object) -> Need:
    args: dict[str, object] = {
        "text": TEXT,
        "contact_name": "Dominique Martin",
        "contact_email": "d.martin@exemple.test",
        "consent": True,
        "now": T0,
    }
    args.update(kw)
    return need_submit(**args)  # type: ignore[arg-type]  # test helper forwards keywords


def test_siret_links_the_directory_record() -> None:
    org = Organisation.objects.create(name="Métallerie Normande", siret="73282932000074")
    need = _submit(siret="732 829 320 00074")
    assert need.organisation == org and need.organisation_name == "Métallerie Normande"


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"consent": False}, "accord"),
        ({"siret": "12345678901234"}, "SIRET"),
        ({"text": ""}, "Décrivez"),
        ({"text": "x" * 100_000}, "trop long"),
        ({"text": "\x00\x01binaire"}, "non valides"),
        ({"contact_email": " "}, "e-mail"),
    ],
)
def test_refusals_change_nothing(kw: dict[str, object], reason: str) -> None:
    with pytest.raises(IntakeError, match=reason):
        _submit(**kw)
    assert Need.objects.count() == 0


def test_similar_need_from_same_requester_within_three_weeks_is_flagged() -> None:
    first = _submit()
    again = _submit(text=TEXT + " svp", now=T0 + timedelta(days=10))
    later = _submit(now=T0 + timedelta(days=40))
    other = _submit(contact_email="autre@exemple.test", now=T0 + timedelta(days=1))
    assert again.duplicate_of == first
    assert later.duplicate_of is None and other.duplicate_of is None


def test_obvious_spam_is_rejected_not_lost() -> None:
    need = _submit(text="CASINO BONUS http://a.example http://b.example http://c.example WIN")
    assert need.status == NeedStatus.REJECTED and need.spam_score >= 0.9
