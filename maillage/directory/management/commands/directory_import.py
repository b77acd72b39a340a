"""`maillage directory import FILE.csv`: load a member spreadsheet (docs/import-format.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.directory.importers.csvfile import ImportRefused
from maillage.directory.importers.members import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    MemberImportOptions,
    import_members,
)
from maillage.directory.importers.progress import refusal_error
from maillage.directory.importers.runs import PrerequisiteMissing


class Command(BaseCommand):
    help = "Importe un tableur d'organisations adhérentes (CSV, voir docs/import-format.md)."
    requires_system_checks: list[str] = []  # an import needs no URL/admin checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source", default="membres", help="name of the source (natural key with external_id)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
        parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        source = opts["source"].strip()
        if not source or len(source) > 40:
            raise CommandError("--source doit faire entre 1 et 40 caractères")
        options = MemberImportOptions(
            path=opts["file"],
            source=source,
            max_rows=opts["max_rows"],
            max_bytes=opts["max_bytes"],
            dry_run=opts["dry_run"],
        )
        try:
            result = import_members(options)
        except ImportRefused as exc:
            raise refusal_error(self, exc, as_json=opts["json"]) from None
        except PrerequisiteMissing as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps({"status": "ok", **result.as_dict()}))
            return
        prefix = "[simulation] " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.rows} lignes : {result.created} créées, {result.updated} mises à "
            f"jour, {result.unchanged} inchangées — encodage {result.encoding}, "
            f"séparateur {result.delimiter!r}"
        )
        if result.warning_count:
            self.stdout.write(f"{result.warning_count} avertissement(s) (lignes importées) :")
            for text in result.warning_lines():
                self.stdout.write(f"  {text}")
