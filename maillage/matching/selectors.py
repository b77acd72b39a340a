"""Reads of the matchmaking pipeline: need lists, a need's suggestions and introductions,
people's own needs and leads, and the staff pipeline figures."""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from maillage.matching.models import (
    Introduction,
    IntroductionEvent,
    Need,
    NeedStatus,
    Suggestion,
)
from maillage_core.matching.analyse import EmptyNeedError
from maillage_core.pipeline import STATE_LABELS_FR, State

WAITING = (State.SENT, State.REMINDED)
ACCEPTED_OR_LATER = (
    State.ACCEPTED,
    State.MEETING,
    State.PROPOSAL,
    State.CONTRACT,
    State.LOST,
    State.SURVEYED,
    State.CLOSED,
)
ANSWERED = (State.DECLINED, *ACCEPTED_OR_LATER)


@dataclass(frozen=True)
class NeedFilters:
    status: str = ""
    emergency: bool | None = None
    duplicates: bool = False


def needs_for_staff(filters: NeedFilters) -> QuerySet[Need]:
    """Needs for the staff list, newest first, with their introduction counts."""
    qs = Need.objects.select_related("organisation", "commune", "duplicate_of").annotate(
        n_introductions=Count("introductions", distinct=True),
        n_waiting=Count(
            "introductions", filter=Q(introductions__state__in=list(WAITING)), distinct=True
        ),
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.emergency is not None:
        qs = qs.filter(is_emergency=filters.emergency)
    if filters.duplicates:
        qs = qs.filter(duplicate_of__isnull=False)
    return qs.order_by("-created_at", "-id")


def needs_of(*, user_id: int, organisation_ids: Collection[int]) -> QuerySet[Need]:
    """The needs of the user's organisations and those the user created, with introductions."""
    return (
        Need.objects.filter(
            Q(organisation_id__in=list(organisation_ids)) | Q(created_by_id=user_id)
        )
        .select_related("organisation", "taken_by")
        .prefetch_related(
            Prefetch(
                "introductions",
                queryset=Introduction.objects.select_related("provider").order_by("sent_at", "id"),
            )
        )
        .order_by("-created_at", "-id")
    )


def leads_of(organisation_ids: Collection[int]) -> QuerySet[Introduction]:
    """Introductions sent to the given provider organisations, newest first."""
    return (
        Introduction.objects.filter(provider_id__in=list(organisation_ids))
        .select_related("need", "need__commune", "provider")
        .order_by("-sent_at", "-id")
    )


def need_profile_current(need: Need) -> tuple[dict[str, Any], str]:
    """The stored profile (the analysis, or staff's correction), else a fresh analysis (not
    stored: reading a page writes nothing); the second item is a French reason when the text
    could not be analysed."""
    from maillage.matching.engine import need_profile_for, profile_json

    if need.profile:
        return need.profile, ""
    try:
        return profile_json(need_profile_for(need)), ""
    except EmptyNeedError as exc:
        return {}, str(exc)


def need_suggestions(need: Need) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(need=need)
        .select_related("organisation", "organisation__commune")
        .order_by("rank")
    )


def need_introductions(need: Need) -> list[Introduction]:
    """The need's introductions with their provider and history (one query each)."""
    return list(
        need.introductions.select_related("provider")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=IntroductionEvent.objects.select_related("actor").order_by("at", "id"),
            )
        )
        .order_by("sent_at", "id")
    )


def introduction_events(introduction: Introduction) -> list[IntroductionEvent]:
    return list(introduction.events.select_related("actor").order_by("at", "id"))


# --- the staff pipeline dashboard -----------------------------------------------------------


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int
    overdue: int  # waiting introductions older than the reminder delay


@dataclass(frozen=True)
class PipelineStats:
    by_state: list[StateCount]
    needs_by_status: list[tuple[str, int]]
    total_introductions: int
    waiting: int
    overdue: int
    answered: int
    expired: int
    response_rate: float | None  # answered / (answered + expired)
    first_answer_hours_median: float | None
    first_answer_hours: list[float]  # per need: first answer − first sending
    accepted: int
    contracts: int
    conversion: float | None  # contracts / accepted
    contract_amount: Decimal
    oldest_waiting: list[Introduction]


def pipeline_stats(*, now: datetime, reminder_after: timedelta) -> PipelineStats:
    """Counts by state, non-answers past the reminder delay, response rate, time to first
    answer (median of per-need delays), conversion to contract and contract amounts."""
    counts = dict(
        Introduction.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    overdue_limit = now - reminder_after
    overdue_by_state = dict(
        Introduction.objects.filter(state__in=list(WAITING), sent_at__lte=overdue_limit)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    by_state = [
        StateCount(s.value, STATE_LABELS_FR[s], counts.get(s.value, 0), overdue_by_state.get(s, 0))
        for s in State
    ]
    status_counts = dict(
        Need.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    needs_by_status = [(label, status_counts.get(value, 0)) for value, label in NeedStatus.choices]
    answered = sum(counts.get(s.value, 0) for s in ANSWERED)
    expired = counts.get(State.EXPIRED.value, 0)
    accepted = sum(counts.get(s.value, 0) for s in ACCEPTED_OR_LATER)
    contracts_qs = Introduction.objects.filter(contract_amount__isnull=False)
    contracts = contracts_qs.count()
    amount = contracts_qs.aggregate(total=Sum("contract_amount"))["total"] or Decimal("0")
    first: dict[int, tuple[datetime, datetime | None]] = {}
    for need_id, sent_at, answered_at in Introduction.objects.values_list(
        "need_id", "sent_at", "answered_at"
    ).order_by("need_id", "sent_at", "id"):
        sent0, ans0 = first.get(need_id, (sent_at, None))
        if answered_at is not None and (ans0 is None or answered_at < ans0):
            ans0 = answered_at
        first[need_id] = (min(sent0, sent_at), ans0)
    delays = sorted(
        round((ans - sent).total_seconds() / 3600, 2)
        for sent, ans in first.values()
        if ans is not None
    )
    oldest = list(
        Introduction.objects.filter(state__in=list(WAITING))
        .select_related("need", "provider")
        .order_by("sent_at", "id")[:10]
    )
    return PipelineStats(
        by_state=by_state,
        needs_by_status=needs_by_status,
        total_introductions=sum(counts.values()),
        waiting=sum(counts.get(s.value, 0) for s in WAITING),
        overdue=sum(overdue_by_state.values()),
        answered=answered,
        expired=expired,
        response_rate=answered / (answered + expired) if answered + expired else None,
        first_answer_hours_median=statistics.median(delays) if delays else None,
        first_answer_hours=delays,
        accepted=accepted,
        contracts=contracts,
        conversion=contracts / accepted if accepted else None,
        contract_amount=amount,
        oldest_waiting=oldest,
    )
