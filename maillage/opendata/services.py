"""Writes to the reference tables: loading open-data datasets, each run recorded in ImportRun."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.opendata.loaders import DATASETS, Counts, DataDir, Dataset, SourceError

# Called with (dataset name, table name) after each table is synchronised.
StepCallback = Callable[[str, str], None]


class DataDirNotFound(SourceError):
    """No open-data folder was given and none was found in the usual places."""


@dataclass
class DatasetReport:
    name: str
    status: str
    seconds: float
    import_run_id: int
    tables: dict[str, Counts] = field(default_factory=dict)
    error: str = ""

    @property
    def total(self) -> Counts:
        return sum(self.tables.values(), Counts())

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "import_run_id": self.import_run_id,
            "totals": self.total.as_dict(),
            "tables": {table: counts.as_dict() for table, counts in self.tables.items()},
            "error": self.error,
        }


def data_dir_candidates() -> list[Path]:
    """Folders tried without --from: settings.OPENDATA_DIR, ../shared/data, ../../shared/data."""
    configured = str(getattr(settings, "OPENDATA_DIR", "") or "")
    base = Path(settings.BASE_DIR)
    candidates = [Path(configured)] if configured else []
    return [*candidates, base.parent / "shared" / "data", base.parent.parent / "shared" / "data"]


def data_dir_find(names: Sequence[str] | None = None) -> Path:
    """The first existing candidate folder, or DataDirNotFound listing the files expected."""
    for candidate in data_dir_candidates():
        if candidate.is_dir():
            return candidate
    expected = [f.path for d in datasets_resolve(names) for f in d.files]
    raise DataDirNotFound(
        "no open-data folder found (tried "
        + ", ".join(str(c) for c in data_dir_candidates())
        + "); give --from DIR or set MAILLAGE_OPENDATA_DIR; expected files: "
        + ", ".join(expected)
        + "; download addresses: `maillage opendata sources`"
    )


def datasets_resolve(names: Sequence[str] | None) -> list[Dataset]:
    """The named datasets in dependency order (all of them when no name is given)."""
    wanted = list(names or DATASETS)
    unknown = [name for name in wanted if name not in DATASETS]
    if unknown:
        raise SourceError(
            f"unknown dataset {', '.join(unknown)} (choose from {', '.join(DATASETS)})"
        )
    return [dataset for name, dataset in DATASETS.items() if name in wanted]


def opendata_load(
    *,
    source_dir: Path,
    names: Sequence[str] | None = None,
    on_step: StepCallback | None = None,
) -> list[DatasetReport]:
    """Load datasets from `source_dir`, one transaction per dataset.

    Every file's header is checked before anything is written, so a missing file or column
    refuses the whole run; a row error refuses (rolls back) only its dataset and stops the run.
    """
    datasets = datasets_resolve(names)
    data = DataDir(source_dir)
    for dataset in datasets:
        try:
            for source in dataset.files:
                data.check(source)
        except SourceError as error:
            run = _start(dataset, data)
            _finish(run, RunStatus.REFUSED, {}, str(error))
            raise
    return [
        dataset_load(dataset=dataset, data=data, on_step=on_step or _ignore) for dataset in datasets
    ]


def dataset_load(*, dataset: Dataset, data: DataDir, on_step: StepCallback) -> DatasetReport:
    """Run one dataset's loader in its own transaction, recording the run in ImportRun.

    The ImportRun row is written outside the dataset transaction so a refused run stays recorded.
    """
    started = time.perf_counter()
    run = _start(dataset, data)
    try:
        with transaction.atomic():
            tables = dataset.load(data, lambda table: on_step(dataset.name, table))
    except SourceError as error:
        _finish(run, RunStatus.REFUSED, {}, str(error))
        raise
    except Exception as error:
        _finish(run, RunStatus.FAILED, {}, f"{type(error).__name__}: {error}")
        raise
    counts = {table: c.as_dict() for table, c in tables.items()}
    _finish(run, RunStatus.SUCCEEDED, counts, "")
    return DatasetReport(
        name=dataset.name,
        status=RunStatus.SUCCEEDED,
        seconds=time.perf_counter() - started,
        import_run_id=run.pk,
        tables=tables,
    )


def _start(dataset: Dataset, data: DataDir) -> ImportRun:
    return ImportRun.objects.create(
        kind=f"opendata:{dataset.name}",
        source=str(data.root),
        started_at=timezone.now(),
        status=RunStatus.RUNNING,
    )


def _finish(run: ImportRun, status: str, counts: dict[str, dict[str, int]], error: str) -> None:
    run.status = status
    run.counts = counts
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "counts", "error", "finished_at"])


def _ignore(dataset: str, table: str) -> None:
    """Default step callback: no progress display."""
