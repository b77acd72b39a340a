"""`maillage observatory import-offers --format france-travail|csv FILE` (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.observatory.parsers import InputError
from maillage.observatory.services import OFFER_FORMATS, import_refused, offers_import
from maillage.observatory.taxonomy import TaxonomyMissing


class Command(BaseCommand):
    help = "Import job offers (France Travail API JSON or a generic CSV), classified into ROME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(OFFER_FORMATS), dest="fmt")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            counts = offers_import(fmt=options["fmt"], data=path.read_bytes(), source=str(path))
        except TaxonomyMissing as exc:
            raise CommandError(str(exc)) from exc
        except InputError as exc:
            import_refused(kind="observatory:offers", source=str(path), error=exc)
            raise CommandError(f"{path}: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(vars(counts)))
        else:
            self.stdout.write(
                f"{counts.rows} offers: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
