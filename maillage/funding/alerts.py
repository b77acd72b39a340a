"""Alerts: saved searches (double opt-in, one-click unsubscribe), digests, deadline reminders,
follows and applications — every write of a member's watch.

E-mails go through the outbox in the same transaction as the change, under idempotency keys:
`confirm:<search>`, `digest:<search>:<recipient>:<period>` (period = the day, or the ISO week
for weekly digests), `reminder:<followed>:<recipient>:J-<days>`. Each saved search of a digest
run is handled in its own transaction (its e-mail and its `last_digest_at` together): a run
killed half-way leaves the searches done so far done, and a re-run of the same period queues
nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.common.outbox import outbox_enqueue
from maillage.directory.models import Organisation
from maillage.funding import states
from maillage.funding.digest_index import NewCallIndex
from maillage.funding.models import (
    Application,
    ApplicationStatus,
    FollowedCall,
    Frequency,
    FundingCall,
    SavedSearch,
)
from maillage.funding.selectors import deadlines_due, saved_search_filters

REMINDER_DAYS = (14, 3)
DIGEST_MAX_CALLS = 20


def _site() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def unsubscribe_text(search: SavedSearch) -> str:
    url = _site() + reverse("funding:unsubscribe", args=[search.unsubscribe_token])
    return f"\n\n--\nSe désabonner en un clic : {url}\nList-Unsubscribe: <{url}>\n"


@transaction.atomic
def saved_search_create(
    *,
    user_id: int,
    email: str,
    name: str,
    themes: Sequence[str] = (),
    audiences: Sequence[str] = (),
    aid_types: Sequence[str] = (),
    perimeter_code: str = "",
    text: str = "",
    open_only: bool = True,
    frequency: str = Frequency.WEEKLY,
) -> SavedSearch:
    """Store the criteria and queue the confirmation e-mail (double opt-in)."""
    search = SavedSearch.objects.create(
        user_id=user_id,
        email=email,
        name=name[:150] or "Ma recherche",
        themes=sorted(set(themes)),
        audiences=sorted(set(audiences)),
        aid_types=sorted(set(aid_types)),
        perimeter_code=perimeter_code,
        text=text[:200],
        open_only=open_only,
        frequency=frequency,
    )
    url = _site() + reverse("funding:confirm", args=[search.confirm_token])
    outbox_enqueue(
        key=f"confirm:{search.pk}",
        to=email,
        subject="Confirmez votre alerte de veille financements",
        body=(
            f"Bonjour,\n\nvous avez demandé l'alerte « {search.name} ». "
            f"Pour la recevoir, confirmez votre adresse : {url}\n\n"
            "Sans confirmation, aucun e-mail ne vous sera envoyé."
        ),
    )
    return search


@transaction.atomic
def saved_search_confirm(*, token: str, now: datetime | None = None) -> SavedSearch | None:
    search = SavedSearch.objects.select_for_update().filter(confirm_token=token).first()
    if search is None:
        return None
    if search.confirmed_at is None:
        search.confirmed_at = now or timezone.now()
        search.last_digest_at = search.confirmed_at
        search.save(update_fields=["confirmed_at", "last_digest_at"])
    return search


@transaction.atomic
def saved_search_unsubscribe(*, token: str, now: datetime | None = None) -> SavedSearch | None:
    search = SavedSearch.objects.select_for_update().filter(unsubscribe_token=token).first()
    if search is not None and search.unsubscribed_at is None:
        search.unsubscribed_at = now or timezone.now()
        search.save(update_fields=["unsubscribed_at"])
    return search


def digest_period(frequency: str, day: date) -> str:
    if frequency == Frequency.DAILY:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class DigestReport:
    searches: int = 0
    queued: int = 0
    already_queued: int = 0


def _digest_body(search: SavedSearch, calls: Sequence[FundingCall], total: int) -> str:
    lines = [f"Bonjour,\n\n{total} nouvel(s) appel(s) pour votre alerte « {search.name} » :\n"]
    for call in calls:
        deadline = f" — clôture le {call.deadline:%d/%m/%Y}" if call.deadline else ""
        lines.append(
            f"• {call.title}{deadline}\n  {_site()}{reverse('funding:call', args=[call.pk])}"
        )
    if total > len(calls):
        lines.append(
            f"\n… et {total - len(calls)} autre(s) sur {_site()}{reverse('funding:search')}"
        )
    return "\n".join(lines) + unsubscribe_text(search)


@transaction.atomic
def _digest_one(
    search: SavedSearch, *, now: datetime, period: str, index: NewCallIndex, report: DigestReport
) -> None:
    since = search.last_digest_at or search.confirmed_at or now
    ids = index.match(saved_search_filters(search), since)
    if ids:
        by_id = FundingCall.objects.in_bulk(ids[:DIGEST_MAX_CALLS])
        calls = [by_id[i] for i in ids[:DIGEST_MAX_CALLS] if i in by_id]
        queued = outbox_enqueue(
            key=f"digest:{search.pk}:{search.email}:{period}",
            to=search.email,
            subject=f"Veille financements : {len(ids)} nouvel(s) appel(s) — {search.name}",
            body=_digest_body(search, calls, len(ids)),
        )
        if queued:
            report.queued += 1
        else:
            report.already_queued += 1
    SavedSearch.objects.filter(pk=search.pk).update(last_digest_at=now)


def digests_run(*, frequency: str, now: datetime | None = None) -> DigestReport:
    """Queue the digest of every active saved search of `frequency` (recorded in the ledger)."""
    now = now or timezone.now()
    period = digest_period(frequency, timezone.localdate(now))
    run = ImportRun.objects.create(kind=f"funding_digest_{frequency}", started_at=now)
    report = DigestReport()
    searches = SavedSearch.objects.filter(
        frequency=frequency, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("id")
    oldest = searches.aggregate(m=Min(Coalesce("last_digest_at", "confirmed_at")))["m"]
    index = NewCallIndex(since=oldest or now, today=timezone.localdate(now))
    try:
        for search in searches.iterator():
            report.searches += 1
            _digest_one(search, now=now, period=period, index=index, report=report)
    except Exception as exc:
        run.status, run.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.counts = {"searches": report.searches, "queued": report.queued}
        run.save()
        raise
    run.status = RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.counts = {
        "searches": report.searches,
        "queued": report.queued,
        "already_queued": report.already_queued,
    }
    run.save()
    return report


def reminders_run(*, today: date) -> int:
    """Queue J-14 and J-3 reminders for followed calls; returns how many were new."""
    queued = 0
    for days in REMINDER_DAYS:
        for followed in deadlines_due(today=today, days=days):
            email = followed.user.email
            if not email:
                continue
            call = followed.call
            url = _site() + reverse("funding:call", args=[call.pk])
            queued += outbox_enqueue(
                key=f"reminder:{followed.pk}:{email}:J-{days}",
                to=email,
                subject=f"J-{days} : « {call.title[:120]} » clôture le {call.deadline:%d/%m/%Y}",
                body=f"Bonjour,\n\nl'appel que vous suivez clôture dans {days} jours.\n{url}\n",
            )
    return queued


# --- follows and applications -----------------------------------------------------------


@transaction.atomic
def call_follow(
    *, user_id: int, call: FundingCall, organisation: Organisation | None
) -> FollowedCall:
    followed, _ = FollowedCall.objects.get_or_create(
        user_id=user_id, call=call, defaults={"organisation": organisation}
    )
    return followed


@transaction.atomic
def call_unfollow(*, user_id: int, call: FundingCall) -> None:
    FollowedCall.objects.filter(user_id=user_id, call=call).delete()


@transaction.atomic
def application_start(
    *,
    call: FundingCall,
    organisation: Organisation,
    user_id: int,
    amount_requested: int | None = None,
) -> Application:
    application, _ = Application.objects.get_or_create(
        call=call,
        organisation=organisation,
        defaults={"created_by_id": user_id, "amount_requested": amount_requested},
    )
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    status: str,
    amount_requested: int | None = None,
    amount_obtained: int | None = None,
    today: date,
) -> Application:
    """Move an application along the state machine (`states.TRANSITIONS`)."""
    states.check_transition(application.status, status, amount_obtained=amount_obtained)
    application.status = status
    if amount_requested is not None:
        application.amount_requested = amount_requested
    if status == ApplicationStatus.SUBMITTED and application.submitted_on is None:
        application.submitted_on = today
    if status in (ApplicationStatus.OBTAINED, ApplicationStatus.REFUSED):
        application.decided_on = today
        application.amount_obtained = (
            amount_obtained if status == ApplicationStatus.OBTAINED else None
        )
    application.save()
    return application


@transaction.atomic
def application_set_co_applicants(
    *, application: Application, organisation_ids: Sequence[int]
) -> None:
    application.co_applicants.set(
        Organisation.objects.filter(pk__in=organisation_ids).exclude(pk=application.organisation_id)
    )
