"""Cyber emergency: nearest committed responders, first accept wins (even at the same instant)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from maillage.accounts.roles import NETWORK_STAFF
from maillage.common.models import OutboxEmail
from maillage.directory.models import Organisation
from maillage.matching.emergency import (
    emergencies_escalate_due,
    emergency_broadcast,
    responders_for,
)
from maillage.matching.models import Introduction, Need, ResponderCommitment
from maillage.matching.services import PipelineError, introduction_apply
from maillage.opendata.models import Commune, Department, Region
from maillage_core.pipeline import Event, State
from tests.matching.conftest import T0

pytestmark = pytest.mark.urls("tests.matching.urls")

PLACES = {  # name: (lat, lon)
    "Caen": (49.1829, -0.3707),
    "Bayeux": (49.2765, -0.7039),
    "Rouen": (49.4431, 1.0993),
    "Marseille": (43.2965, 5.3698),
}


def _setup() -> Need:
    region = Region.objects.create(code="28", name="Normandie")
    dep = Department.objects.create(code="14", name="Calvados", region=region)
    caen = Commune.objects.create(
        insee="14118",
        name="Caen",
        department=dep,
        region=region,
        latitude=PLACES["Caen"][0],
        longitude=PLACES["Caen"][1],
    )
    for i, (name, (lat, lon)) in enumerate(PLACES.items()):
        org = Organisation.objects.create(
            name=f"Cyber {name}", source="t", external_id=str(i), latitude=lat, longitude=lon
        )
        ResponderCommitment.objects.create(
            organisation=org,
            incident_types=["ransomware"] if name != "Bayeux" else ["phishing"],
            response_time_minutes=60,
        )
    Organisation.objects.create(name="Cyber sans astreinte", latitude=49.18, longitude=-0.37)
    return Need.objects.create(
        text="On s'est fait pirater, tous nos fichiers sont chiffrés",
        commune=caen,
        contact_name="A B",
        contact_email="ab@exemple.test",
        consent_at=T0,
        is_emergency=True,
        incident_type="ransomware",
    )


@pytest.mark.django_db
def test_responders_nearest_first_and_filtered() -> None:
    need = _setup()
    names = [r.organisation.name for r in responders_for(need)]
    # Bayeux only handles phishing; Marseille is beyond its 150 km radius.
    assert names == ["Cyber Caen", "Cyber Rouen"]


@pytest.mark.django_db
def test_no_responder_escalates_to_staff_once() -> None:
    need = _setup()
    ResponderCommitment.objects.update(on_call=False)
    staff = get_user_model().objects.create_user("cm", "cm@exemple.test", "x" * 12)
    staff.groups.add(Group.objects.get_or_create(name=NETWORK_STAFF)[0])
    assert emergency_broadcast(need=need, now=T0) == []
    need.refresh_from_db()
    assert need.escalated_at is not None
    assert emergencies_escalate_due(now=T0 + timedelta(hours=5)) == 0
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["cm@exemple.test"]


@pytest.mark.django_db
def test_unanswered_emergency_escalates_after_delay(settings: Any) -> None:
    settings.EMERGENCY_ESCALATE_MINUTES = 30
    need = _setup()
    Need.objects.filter(pk=need.pk).update(created_at=T0)
    emergency_broadcast(need=need, now=T0)
    assert emergencies_escalate_due(now=T0 + timedelta(minutes=10)) == 0
    assert emergencies_escalate_due(now=T0 + timedelta(minutes=31)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_exactly_one_wins() -> None:
    need = _setup()
    a, b = emergency_broadcast(need=need, now=T0)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def accept(intro: Introduction) -> None:
        try:
            barrier.wait(timeout=10)
            introduction_apply(introduction=intro, event=Event.ACCEPT, actor=None, now=T0)
            outcomes[intro.pk] = "won"
        except PipelineError:
            outcomes[intro.pk] = "lost"
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["lost", "won"]
    winner = next(pk for pk, v in outcomes.items() if v == "won")
    need.refresh_from_db()
    assert need.taken_by_id == Introduction.objects.get(pk=winner).provider_id
    states = sorted(Introduction.objects.values_list("state", flat=True))
    assert states == sorted([State.ACCEPTED, State.TAKEN])
