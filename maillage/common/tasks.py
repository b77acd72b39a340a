"""Periodic jobs of the common app: flush the e-mail outbox every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from maillage.common.outbox import outbox_send_pending


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def outbox_flush() -> None:
    outbox_send_pending()
