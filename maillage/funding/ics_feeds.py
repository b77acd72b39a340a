"""iCalendar feeds of deadlines (per saved search, per user) through the core ICS writer."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from maillage.funding import adapters
from maillage.funding.models import FundingCall, SavedSearch
from maillage.funding.selectors import call_search, saved_search_filters

MAX_EVENTS = 500
UID_DOMAIN = "maillage"


def _ics(calls: list[FundingCall], name: str, now: datetime) -> str:
    from maillage_core.funding.ics import deadlines_calendar

    return deadlines_calendar(
        [adapters.call_record(c) for c in calls], dtstamp=now, name=name, uid_domain=UID_DOMAIN
    )


def search_calendar(search: SavedSearch, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    calls = list(
        call_search(saved_search_filters(search), today=timezone.localdate(now)).filter(
            deadline__isnull=False
        )[:MAX_EVENTS]
    )
    return _ics(calls, f"Échéances — {search.name}", now)


def user_calendar(user_id: int, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    calls = list(
        FundingCall.objects.filter(followers__user_id=user_id, deadline__isnull=False).order_by(
            "deadline", "id"
        )[:MAX_EVENTS]
    )
    return _ics(calls, "Échéances des appels suivis", now)
