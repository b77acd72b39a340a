"""Every write of the matchmaking pipeline: intake, sending, provider answers, follow-up.

The legal moves come from `maillage_core.pipeline` (pure); this module applies them with an
optimistic `UPDATE … WHERE state = <expected>` that must change exactly one row, records each
move in `IntroductionEvent`, and queues e-mails in the outbox within the same transaction.
E-mails never carry the content of a need: only "you have a new request" and a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.common.outbox import outbox_enqueue
from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, IntroductionEvent, Need, NeedStatus
from maillage_core.pipeline import (
    Event,
    FollowUpPolicy,
    InvalidTransition,
    State,
    Waiting,
    due_event,
    transition,
)

MAX_PROVIDERS_PER_NEED = 3


class PipelineError(ValueError):
    """A move the pipeline refuses; the message is French, shown to the user as is."""


class ConcurrentChange(PipelineError):
    pass


def follow_up_policy() -> FollowUpPolicy:
    return FollowUpPolicy(
        reminder_after=timedelta(days=getattr(settings, "MATCHING_REMINDER_DAYS", 3)),
        reroute_after=timedelta(days=getattr(settings, "MATCHING_REROUTE_DAYS", 7)),
    )


def _provider_recipients(provider: Organisation) -> list[str]:
    """Who hears about a request: the organisation's users and its declared contacts."""
    from maillage.accounts.models import OrganisationMembership

    emails = [
        m.user.email
        for m in OrganisationMembership.objects.filter(organisation=provider).select_related("user")
        if m.user.email
    ]
    emails += [c.email for c in provider.contacts.all() if c.email]
    return sorted(set(emails))


def _notify_provider(introduction: Introduction, *, kind: str) -> None:
    link = reverse("matching:introduction_answer", args=[introduction.token])
    subjects = {
        "new": "Nouvelle demande de mise en relation",
        "reminder": "Rappel : une demande attend votre réponse",
        "taken": "Demande urgente prise en charge par un autre intervenant",
    }
    for email in _provider_recipients(introduction.provider):
        outbox_enqueue(
            key=f"introduction:{introduction.pk}:{kind}:{email}",
            to=email,
            subject=subjects[kind],
            body=(
                "Bonjour,\n\nVous avez un nouveau message sur la plateforme du réseau.\n"
                f"Consultez-le ici : {settings.SITE_URL}{link}\n\n"
                "Ce message ne contient aucune information sur la demande elle-même."
            ),
        )


def _record(
    introduction: Introduction,
    *,
    event: Event,
    from_state: State,
    to_state: State,
    actor: User | None,
    now: datetime,
    note: str = "",
) -> None:
    IntroductionEvent.objects.create(
        introduction=introduction,
        event=event.value,
        from_state=from_state.value,
        to_state=to_state.value,
        actor=actor,
        at=now,
        note=note,
    )


@transaction.atomic
def introductions_send(
    *,
    need: Need,
    providers: Sequence[Organisation],
    actor: User | None,
    now: datetime | None = None,
) -> list[Introduction]:
    """Send a qualified need to providers (2–3; emergencies may broadcast to more)."""
    now = now or timezone.now()
    already = set(need.introductions.values_list("provider_id", flat=True))
    fresh = [p for p in providers if p.pk not in already]
    limit = 10 if need.is_emergency else MAX_PROVIDERS_PER_NEED
    active = need.introductions.exclude(
        state__in=[State.DECLINED, State.EXPIRED, State.WITHDRAWN, State.TAKEN]
    ).count()
    if not fresh:
        raise PipelineError("Aucun nouveau prestataire à solliciter.")
    if active + len(fresh) > limit:
        raise PipelineError(f"Au plus {limit} prestataires sollicités en même temps.")
    created = []
    for provider in fresh:
        intro = Introduction.objects.create(need=need, provider=provider, sent_at=now)
        _record(
            intro,
            event=Event.SEND,
            from_state=State.SENT,
            to_state=State.SENT,
            actor=actor,
            now=now,
        )
        _notify_provider(intro, kind="new")
        created.append(intro)
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.SENT)
    need.status = NeedStatus.SENT
    return created


@dataclass(frozen=True)
class ContractDetails:
    amount: Decimal | None = None
    signed_on: datetime | None = None


@transaction.atomic
def introduction_apply(
    *,
    introduction: Introduction,
    event: Event,
    actor: User | None,
    now: datetime | None = None,
    note: str = "",
    amount: Decimal | None = None,
    satisfaction: int | None = None,
) -> Introduction:
    """Apply one event to an introduction, or raise PipelineError (nothing changes)."""
    now = now or timezone.now()
    current = State(introduction.state)
    try:
        target = transition(current, event)
    except InvalidTransition:
        raise PipelineError(
            f"Action « {event.value} » impossible : la mise en relation est "
            f"« {introduction.get_state_display()} »."
        ) from None
    if event is Event.WIN and (amount is None or amount < 0):
        raise PipelineError("Indiquez le montant du marché.")
    if event is Event.SURVEY and satisfaction not in {1, 2, 3, 4, 5}:
        raise PipelineError("La satisfaction se note de 1 à 5.")
    need = introduction.need
    if event is Event.ACCEPT and need.is_emergency:
        # First to accept takes it: one conditional UPDATE, exactly one winner.
        won = Need.objects.filter(pk=need.pk, taken_by__isnull=True).update(
            taken_by=introduction.provider_id
        )
        if won != 1:
            raise ConcurrentChange(
                "Cette urgence a déjà été prise en charge par un autre intervenant."
            )
    fields: dict[str, object] = {"state": target.value, "updated_at": now}
    if event in {Event.ACCEPT, Event.DECLINE}:
        fields["answered_at"] = now
    if event is Event.REMIND:
        fields["reminded_at"] = now
    if event is Event.WIN:
        fields["contract_amount"] = amount
        fields["contract_on"] = now.date()
    if event is Event.SURVEY:
        fields["satisfaction"] = satisfaction
    changed = Introduction.objects.filter(pk=introduction.pk, state=current.value).update(**fields)
    if changed != 1:
        raise ConcurrentChange("La mise en relation a changé entre-temps ; rechargez la page.")
    _record(
        introduction,
        event=event,
        from_state=current,
        to_state=target,
        actor=actor,
        now=now,
        note=note,
    )
    introduction.refresh_from_db()
    if event is Event.ACCEPT:
        Need.objects.filter(pk=need.pk, status=NeedStatus.SENT).update(
            status=NeedStatus.IN_PROGRESS
        )
        if need.is_emergency:
            for other in need.introductions.waiting().exclude(pk=introduction.pk):
                introduction_apply(
                    introduction=other, event=Event.TAKEN_BY_OTHER, actor=None, now=now
                )
                _notify_provider(other, kind="taken")
    if event is Event.REMIND:
        _notify_provider(introduction, kind="reminder")
    _maybe_close_need(need, now=now)
    return introduction


def _maybe_close_need(need: Need, *, now: datetime) -> None:
    states = set(need.introductions.values_list("state", flat=True))
    if (
        states
        and states <= {State.CLOSED, State.DECLINED, State.EXPIRED, State.WITHDRAWN, State.TAKEN}
        and State.CLOSED in states
    ):
        Need.objects.filter(pk=need.pk).update(status=NeedStatus.CLOSED, closed_at=now)


@dataclass(frozen=True)
class FollowUpReport:
    reminded: int
    expired: int
    rerouted: int


def followups_run(
    *, now: datetime | None = None, policy: FollowUpPolicy | None = None
) -> FollowUpReport:
    """Remind, then expire and re-route, unanswered introductions (run by Huey every hour)."""
    from maillage.matching.routing import reroute_need

    now = now or timezone.now()
    policy = policy or follow_up_policy()
    reminded = expired = rerouted = 0
    for intro in Introduction.objects.waiting().select_related("need", "provider"):
        event = due_event(
            Waiting(id=intro.pk, state=State(intro.state), sent_at=intro.sent_at),
            now=now,
            policy=policy,
        )
        if event is None:
            continue
        try:
            introduction_apply(
                introduction=intro, event=event, actor=None, now=now, note="automatique"
            )
        except ConcurrentChange:
            continue  # answered meanwhile: nothing to do
        if event is Event.REMIND:
            reminded += 1
        else:
            expired += 1
            if reroute_need(need=intro.need, now=now):
                rerouted += 1
    return FollowUpReport(reminded=reminded, expired=expired, rerouted=rerouted)
