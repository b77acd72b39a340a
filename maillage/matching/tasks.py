"""Hourly follow-up of unanswered introductions (reminders, expiry, re-routing)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from maillage.matching.services import followups_run


@db_periodic_task(crontab(minute="7"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def matching_followups() -> None:
    followups_run()


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def emergency_escalations() -> None:
    from maillage.matching.emergency import emergencies_escalate_due

    emergencies_escalate_due()
