"""Unmet needs: matchmaking needs without an accepted introduction, by domain and département."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, Need
from maillage.observatory import snapshots
from maillage.observatory.services import snapshots_take
from maillage_core.pipeline import State

pytestmark = pytest.mark.django_db


def _need(text: str, domain: str, commune: str) -> Need:
    return Need.objects.create(
        text=text,
        commune_id=commune,
        contact_name="Jeanne Test",
        contact_email="jeanne@exemple.test",
        consent_at=timezone.now(),
        profile={"domains": [{"key": domain}]},
    )


def test_unmet_needs_snapshot(mini_opendata: None) -> None:
    provider = Organisation.objects.create(name="Prestataire", source="t", external_id="p")
    answered = _need("site marchand", "web", "14118")
    declined = _need("audit de sécurité", "cybersecurite", "50502")
    _need("maintenance prédictive", "ia", "14118")
    now = timezone.now()
    Introduction.objects.create(need=answered, provider=provider, state=State.ACCEPTED, sent_at=now)
    Introduction.objects.create(need=declined, provider=provider, state=State.DECLINED, sent_at=now)
    taken = {s.kind: s for s in snapshots_take(today=date(2026, 5, 1))}
    rows = snapshots.query("SELECT domain, department FROM t ORDER BY 1", Path(taken["unmet"].path))
    assert rows == [("cybersecurite", "50"), ("ia", "14")]
    # nothing personal leaves in the snapshot
    assert "jeanne" not in Path(taken["unmet"].path).read_bytes().decode("latin-1").lower()
