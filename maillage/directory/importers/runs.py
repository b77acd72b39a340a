"""Every import run is recorded in the ledger (`maillage.common.models.ImportRun`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.directory.importers.csvfile import ImportRefused


class PrerequisiteMissing(Exception):
    """Reference data the import needs is not loaded (e.g. `maillage opendata load geo`)."""


@dataclass
class RunHandle:
    counts: dict[str, Any] = field(default_factory=dict)


@contextmanager
def recorded_run(kind: str, source: str) -> Iterator[RunHandle]:
    """Record start, end, status, counts and error of one import, whatever happens inside."""
    run = ImportRun.objects.create(kind=kind, source=source[:500], started_at=timezone.now())
    handle = RunHandle()
    try:
        yield handle
    except ImportRefused as exc:
        _finish(run, RunStatus.REFUSED, handle, "\n".join(exc.report_lines()))
        raise
    except PrerequisiteMissing as exc:
        _finish(run, RunStatus.REFUSED, handle, str(exc))
        raise
    except BaseException as exc:
        _finish(run, RunStatus.FAILED, handle, f"{type(exc).__name__}: {exc}")
        raise
    _finish(run, RunStatus.SUCCEEDED, handle, "")


def _finish(run: ImportRun, status: str, handle: RunHandle, error: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.counts = handle.counts
    run.error = error[:10_000]
    run.save(update_fields=["status", "finished_at", "counts", "error"])
