"""`maillage observatory import-bmo FILE`: the BMO hiring-needs survey CSV (a year at a time)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.observatory.parsers import InputError
from maillage.observatory.services import bmo_import, import_refused


class Command(BaseCommand):
    help = "Import the BMO survey CSV (replaces the cells of the years it contains)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            counts = bmo_import(data=path.read_bytes(), source=str(path))
        except InputError as exc:
            import_refused(kind="observatory:bmo", source=str(path), error=exc)
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(
            json.dumps(vars(counts)) if options["json"] else f"{counts.rows} BMO cells"
        )
