"""`maillage training import --format F FILE`: load a training catalogue (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.training.parsers import FORMATS
from maillage.training.records import CatalogueError
from maillage.training.services import import_refused, programmes_import


class Command(BaseCommand):
    help = "Import a training catalogue: onisep, rncp, secnumedu, cpf (CSV) or lheo (XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = programmes_import(
                fmt=options["fmt"], data=path.read_bytes(), source_name=str(path)
            )
        except CatalogueError as exc:
            import_refused(fmt=options["fmt"], source_name=str(path), error=exc)
            raise CommandError(f"{path}: {exc}") from exc
        counts = {k: v for k, v in vars(report).items() if k not in ("errors",)}
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                f"{report.fmt}: {report.rows} programmes, {report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged, "
                f"{report.kept_staff_edits} kept (edited by staff), "
                f"{report.classified} classified into ROME, "
                f"{report.linked_to_directory} linked to the directory"
            )
