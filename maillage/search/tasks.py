"""Index updates go through one path: a Huey task enqueued on commit (single tantivy writer).

Placeholder contract, filled in by the search work: callers that bulk-write organisations
call `index_organisations_later(ids)` inside their transaction.
"""

from __future__ import annotations

from collections.abc import Iterable


def index_organisations_later(ids: Iterable[int]) -> None:
    """Schedule (re)indexing of these organisations once the current transaction commits."""
    _ = list(ids)
