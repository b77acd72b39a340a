"""Index updates go through one path: a Huey task enqueued on commit (single tantivy writer).

Callers that write organisations in bulk (imports, demo) call `index_organisations_later(ids)`
inside their transaction; the signal receivers in `signals.py` do the same for single saves.
Ids written in one transaction are collected and sent as one task when it commits; if it
rolls back nothing is sent for it (leftover ids are re-sent with the next commit, which is
harmless: indexing is idempotent and reads the database).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

_pending = threading.local()


@db_task(retries=3, retry_delay=10)  # type: ignore[untyped-decorator]  # huey is untyped
def index_organisations_task(ids: list[int]) -> dict[str, int]:
    """(Re)index these organisations from the database (deleted ones leave the index)."""
    from maillage.search.services import index_organisations

    update = index_organisations(ids)
    return {"indexed": update.indexed, "deleted": update.deleted}


def _flush() -> None:
    ids: set[int] | None = getattr(_pending, "ids", None)
    _pending.ids = None
    if ids:
        index_organisations_task(sorted(ids))


def index_organisations_later(ids: Iterable[int]) -> None:
    """Schedule (re)indexing of these organisations once the current transaction commits."""
    new = {int(i) for i in ids}
    if not new:
        return
    pending: set[int] | None = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending |= new
    # Outside a transaction on_commit runs at once; inside, after the outermost commit.
    # Each call registers a callback (the first one flushes, the others find nothing) so that
    # ids survive a rolled-back savepoint that discarded an earlier callback.
    transaction.on_commit(_flush)


@db_periodic_task(crontab(hour=3, minute=0))  # type: ignore[untyped-decorator]  # huey is untyped
def index_consistency_check() -> dict[str, Any]:
    """Nightly: compare database ids with the index, repair the difference, record the run."""
    from maillage.search.services import index_consistency_run

    return index_consistency_run(repair=True).as_dict()
