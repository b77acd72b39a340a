"""A rich progress bar over bytes read, shown only on a terminal and never with --json."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)


@contextmanager
def byte_progress(
    path: Path, *, enabled: bool, label: str
) -> Iterator[Callable[[int], None] | None]:
    """Yield a callback advancing the bar by n bytes, or None when no bar is shown."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    progress = Progress(
        TextColumn(label),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    with progress:
        task = progress.add_task(label, total=path.stat().st_size if path.is_file() else None)

        def advance(n: int) -> None:
            progress.advance(task, n)

        yield advance
