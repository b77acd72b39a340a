"""`maillage demo history`: the planned history replayed through the services gives the staff
dashboard real figures, the provider and requester pages something to show, and a re-run
writes nothing (nor touches needs that are not the demo's)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from maillage.common.demo.history import history_needs
from maillage.common.demo.services import demo_load
from maillage.matching.access import status_key
from maillage.matching.models import Introduction, IntroductionEvent, Need, NeedStatus
from maillage.matching.selectors import pipeline_stats
from maillage_core.pipeline import State
from tests.common.test_demo_command import normandy  # noqa: F401  (fixture)
from tests.matching.engine_directory import use_fresh_index

pytestmark = pytest.mark.django_db(transaction=False)


def history(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("demo_history", "--json", "--count", "12", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.fixture
def demo(normandy: None, settings: Any, tmp_path: Path) -> None:  # noqa: F811
    use_fresh_index(settings, tmp_path)
    demo_load(seed=42, organisations=300, today=timezone.localdate(), rebuild_index=True)


def counts() -> tuple[int, ...]:
    return (
        Need.objects.count(),
        Introduction.objects.count(),
        IntroductionEvent.objects.count(),
    )


def test_history_gives_the_dashboard_real_figures(demo: None) -> None:
    other = Need.objects.create(
        organisation_name="Pas une démo",
        text="Un besoin saisi à la main, qui ne doit jamais disparaître",
        contact_name="Camille Réel",
        contact_email="camille@exemple.fr",
        consent_at=timezone.now(),
    )
    report = history()
    assert report["unchanged"] is False
    assert report["skipped"] == []
    assert report["needs"] == 14  # 12 + the spam message and the duplicate
    stats = pipeline_stats(now=timezone.now(), reminder_after=timedelta(days=3))
    by_state = {s.state: s.count for s in stats.by_state}
    assert stats.accepted > 0
    assert by_state[State.DECLINED] > 0
    assert by_state[State.EXPIRED] > 0  # unanswered, then re-routed
    assert stats.contracts > 0 and stats.contract_amount > 0
    assert Introduction.objects.filter(satisfaction__isnull=False).exists()
    assert stats.response_rate is not None and stats.first_answer_hours_median is not None
    statuses = set(history_needs().values_list("status", flat=True))
    assert {NeedStatus.SUBMITTED, NeedStatus.QUALIFIED, NeedStatus.REJECTED} <= statuses
    assert history_needs().filter(duplicate_of__isnull=False).exists()
    # every move recorded, dated in the past, none in the future
    latest = IntroductionEvent.objects.order_by("-at").values_list("at", flat=True).first()
    assert latest is not None and latest < timezone.now()
    first = IntroductionEvent.objects.order_by("at").values_list("at", flat=True).first()
    assert first is not None and first < timezone.now() - timedelta(days=60)
    # the dashboard page shows the figures
    staff = get_user_model().objects.get(username="demo.reseau")
    client = Client()
    client.force_login(staff)
    page = client.get("/mises-en-relation/tableau-de-bord/")
    assert page.status_code == 200
    assert "marché signé" in page.content.decode()
    # the requester's status page, behind its secret link
    rated = history_needs().filter(introductions__satisfaction__isnull=False).first()
    assert rated is not None
    assert Client().get(f"/besoin/suivi/{status_key(rated)}/").status_code == 200
    assert Need.objects.filter(pk=other.pk).exists()


def test_rerun_writes_nothing_and_force_replays_without_duplicates(demo: None) -> None:
    history()
    before = counts()
    assert history()["unchanged"] is True
    assert counts() == before
    again = history("--force")
    assert again["unchanged"] is False
    assert counts() == before  # the old history replaced, not added to
