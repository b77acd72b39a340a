"""`maillage opendata load [NAME…] [--from DIR] [--json]`: load official reference data."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress

from maillage.opendata.loaders import DATASETS, SourceError
from maillage.opendata.services import data_dir_find, datasets_resolve, opendata_load


class Command(BaseCommand):
    help = (
        "Charge les données ouvertes de référence "
        "(geo, naf, sirene-nomenclatures, rome, rome-embauches, esco)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Names are checked by datasets_resolve (argparse choices reject an empty nargs="*").
        parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(DATASETS))
        parser.add_argument(
            "--from", dest="source_dir", help="open-data folder (shared/data layout)"
        )
        parser.add_argument("--json", action="store_true", help="print a JSON report")

    def handle(self, *args: Any, **options: Any) -> None:
        names: list[str] = options["names"] or list(DATASETS)
        as_json: bool = options["json"]
        try:
            datasets = datasets_resolve(names)
            source = Path(options["source_dir"]) if options["source_dir"] else data_dir_find(names)
            if not source.is_dir():
                raise SourceError(f"--from {source}: not a folder")
            started = time.perf_counter()
            show = not as_json and sys.stderr.isatty()
            with Progress(console=Console(stderr=True), disable=not show) as progress:
                tasks = {d.name: progress.add_task(d.name, total=len(d.steps)) for d in datasets}
                reports = opendata_load(
                    source_dir=source,
                    names=names,
                    on_step=lambda name, _table: progress.advance(tasks[name]),
                )
        except SourceError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        if as_json:
            payload = {
                "source_dir": str(source),
                "seconds": round(seconds, 3),
                "datasets": [report.as_dict() for report in reports],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for report in reports:
            for table, counts in report.tables.items():
                self.stdout.write(
                    f"{report.name:<21} {table:<26} created {counts.created:>7}  "
                    f"updated {counts.updated:>7}  unchanged {counts.unchanged:>7}  "
                    f"deleted {counts.deleted:>5}"
                )
        self.stdout.write(f"loaded {', '.join(names)} from {source} in {seconds:.1f} s")
