"""A rich progress bar over bytes read, shown only on a terminal and never with --json."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from maillage.directory.importers.csvfile import ImportRefused


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


def refusal_error(command: BaseCommand, exc: ImportRefused, *, as_json: bool) -> CommandError:
    """Report a refused import (JSON on stdout, or the per-row lines on stderr) and return the
    one-line CommandError both import commands raise."""
    if as_json:
        payload = {
            "status": "refused",
            "error_count": exc.error_count,
            "errors": [e.__dict__ for e in exc.errors],
        }
        command.stdout.write(json.dumps(payload, ensure_ascii=False))
    else:
        for line in exc.report_lines():
            command.stderr.write(line)
    return CommandError(
        f"fichier refusé, rien n'a été importé ({exc.error_count} erreur(s)) : {exc}"
    )
