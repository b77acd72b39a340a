"""`maillage directory import-sirene FILE`: load an INSEE StockEtablissement CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.directory.importers.csvfile import DEFAULT_MAX_BYTES, ImportRefused
from maillage.directory.importers.progress import byte_progress, refusal_error
from maillage.directory.importers.runs import PrerequisiteMissing
from maillage.directory.importers.sirene import (
    DEFAULT_MAX_ROWS,
    SireneImportOptions,
    import_sirene,
)


class Command(BaseCommand):
    help = "Importe un fichier StockEtablissement (Sirene, INSEE) dans l'annuaire."
    requires_system_checks: list[str] = []  # an import needs no URL/admin checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="StockEtablissement CSV (UTF-8 or Windows-1252)"
        )
        parser.add_argument("--region", help="keep establishments of this INSEE region (e.g. 28)")
        parser.add_argument(
            "--digital-only", action="store_true", help="keep digital-sector NAF codes only"
        )
        parser.add_argument("--legal-units", type=Path, help="StockUniteLegale CSV for names")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
        parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        options = SireneImportOptions(
            path=opts["file"],
            region=opts["region"],
            digital_only=opts["digital_only"],
            dry_run=opts["dry_run"],
            max_rows=opts["max_rows"],
            max_bytes=opts["max_bytes"],
            legal_units=opts["legal_units"],
        )
        try:
            with byte_progress(options.path, enabled=not opts["json"], label="Sirene") as on_bytes:
                result = import_sirene(options, on_bytes=on_bytes)
        except ImportRefused as exc:
            raise refusal_error(self, exc, as_json=opts["json"]) from None
        except PrerequisiteMissing as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps({"status": "ok", **result.as_dict()}))
            return
        prefix = "[simulation] " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.rows} lignes lues, {result.kept} retenues "
            f"({result.filtered_out} écartées par les filtres) : {result.created} créées, "
            f"{result.updated} mises à jour, {result.unchanged} inchangées, "
            f"{result.closed} fermées — encodage {result.encoding}"
        )
