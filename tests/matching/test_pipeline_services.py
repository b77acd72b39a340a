"""Introductions move only along the pipeline table; each move is recorded; e-mails are queued."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from maillage.common.models import OutboxEmail
from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, IntroductionEvent, Need, NeedStatus, Suggestion
from maillage.matching.services import (
    ConcurrentChange,
    PipelineError,
    followups_run,
    introduction_apply,
    introductions_send,
)
from maillage_core.pipeline import Event, FollowUpPolicy, State
from tests.matching.conftest import T0

pytestmark = pytest.mark.urls("tests.matching.urls")

POLICY = FollowUpPolicy(reminder_after=timedelta(days=3), reroute_after=timedelta(days=7))


def test_send_queues_a_contentless_email_per_recipient(
    need: Need, providers: list[Organisation]
) -> None:
    intros = introductions_send(need=need, providers=providers[:2], actor=None, now=T0)
    assert [i.state for i in intros] == [State.SENT, State.SENT]
    need.refresh_from_db()
    assert need.status == NeedStatus.SENT
    mails = list(OutboxEmail.objects.order_by("to"))
    assert [m.to for m in mails] == [
        "contact0@exemple.test",
        "contact1@exemple.test",
        "p0user@exemple.test",
    ]
    for m in mails:
        assert "maintenance" not in m.body and "IA" not in m.body
        assert "/reponse/" in m.body


def test_more_than_three_providers_refused(need: Need, providers: list[Organisation]) -> None:
    with pytest.raises(PipelineError):
        introductions_send(need=need, providers=providers, actor=None, now=T0)
    assert Introduction.objects.count() == 0


def test_full_path_to_contract_is_recorded(need: Need, providers: list[Organisation]) -> None:
    (intro,) = introductions_send(need=need, providers=providers[:1], actor=None, now=T0)
    for event in (Event.ACCEPT, Event.MEET, Event.PROPOSE):
        introduction_apply(introduction=intro, event=event, actor=None, now=T0)
    with pytest.raises(PipelineError):
        introduction_apply(introduction=intro, event=Event.WIN, actor=None, now=T0)
    introduction_apply(
        introduction=intro, event=Event.WIN, actor=None, now=T0, amount=Decimal("18500")
    )
    introduction_apply(introduction=intro, event=Event.SURVEY, actor=None, now=T0, satisfaction=5)
    introduction_apply(introduction=intro, event=Event.CLOSE, actor=None, now=T0)
    intro.refresh_from_db()
    assert intro.state == State.CLOSED
    assert intro.contract_amount == Decimal("18500.00") and intro.satisfaction == 5
    assert list(IntroductionEvent.objects.values_list("event", flat=True)) == [
        "send",
        "accept",
        "meet",
        "propose",
        "win",
        "survey",
        "close",
    ]
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_forbidden_move_changes_nothing(need: Need, providers: list[Organisation]) -> None:
    (intro,) = introductions_send(need=need, providers=providers[:1], actor=None, now=T0)
    introduction_apply(introduction=intro, event=Event.DECLINE, actor=None, now=T0)
    events_before = IntroductionEvent.objects.count()
    with pytest.raises(PipelineError):
        introduction_apply(introduction=intro, event=Event.ACCEPT, actor=None, now=T0)
    intro.refresh_from_db()
    assert intro.state == State.DECLINED
    assert IntroductionEvent.objects.count() == events_before


def test_stale_copy_cannot_overwrite(need: Need, providers: list[Organisation]) -> None:
    (intro,) = introductions_send(need=need, providers=providers[:1], actor=None, now=T0)
    stale = Introduction.objects.get(pk=intro.pk)
    introduction_apply(introduction=intro, event=Event.DECLINE, actor=None, now=T0)
    with pytest.raises(ConcurrentChange):
        introduction_apply(introduction=stale, event=Event.ACCEPT, actor=None, now=T0)


def test_no_answer_is_reminded_then_rerouted(need: Need, providers: list[Organisation]) -> None:
    for rank, org in enumerate(providers, start=1):
        Suggestion.objects.create(
            need=need, organisation=org, rank=rank, score=1.0 / rank, weights_version="t"
        )
    introductions_send(need=need, providers=providers[:2], actor=None, now=T0)
    introduction_apply(
        introduction=Introduction.objects.get(provider=providers[1]),
        event=Event.ACCEPT,
        actor=None,
        now=T0,
    )
    assert followups_run(now=T0 + timedelta(days=1), policy=POLICY).reminded == 0
    report = followups_run(now=T0 + timedelta(days=3), policy=POLICY)
    assert (report.reminded, report.expired) == (1, 0)
    assert followups_run(now=T0 + timedelta(days=4), policy=POLICY).reminded == 0  # once only
    report = followups_run(now=T0 + timedelta(days=7), policy=POLICY)
    assert (report.expired, report.rerouted) == (1, 1)
    states = dict(Introduction.objects.values_list("provider__name", "state"))
    assert states == {
        "Cyber Normandie": State.EXPIRED,
        "Data Seine": State.ACCEPTED,
        "Web Cotentin": State.SENT,
    }
    reminders = OutboxEmail.objects.filter(key__contains=":reminder:")
    assert reminders.count() == 2  # both recipients of the first provider, once


def test_emergency_first_accept_wins(providers: list[Organisation], need: Need) -> None:
    Need.objects.filter(pk=need.pk).update(is_emergency=True)
    need.refresh_from_db()
    a, b, c = introductions_send(need=need, providers=providers[:3], actor=None, now=T0)
    stale_b = Introduction.objects.get(pk=b.pk)
    introduction_apply(introduction=a, event=Event.ACCEPT, actor=None, now=T0)
    with pytest.raises(PipelineError):
        introduction_apply(introduction=stale_b, event=Event.ACCEPT, actor=None, now=T0)
    need.refresh_from_db()
    assert need.taken_by_id == providers[0].pk
    c.refresh_from_db()
    assert c.state == State.TAKEN
