"""Periodic jobs of the funding watch: feed polling, digests, deadline reminders."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from maillage.funding.alerts import digests_run, reminders_run
from maillage.funding.models import Frequency
from maillage.funding.polling import sources_poll


@db_periodic_task(crontab(minute="20", hour="*/6"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def funding_sources_poll() -> None:
    sources_poll()


@db_periodic_task(crontab(minute="0", hour="7"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def funding_daily_digests() -> None:
    digests_run(frequency=Frequency.DAILY)
    reminders_run(today=timezone.localdate())


@db_periodic_task(crontab(minute="30", hour="7", day_of_week="1"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def funding_weekly_digests() -> None:
    digests_run(frequency=Frequency.WEEKLY)
