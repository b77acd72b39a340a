"""`maillage backup [--output FILE] [--json]`: a consistent copy of the whole database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sauvegarde la base (SQLite : API de sauvegarde en ligne ; PostgreSQL : pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="fichier de sortie (défaut : BACKUP_DIR)")
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(
                f"Sauvegarde {result.engine} écrite : {result.path} "
                f"({result.size_bytes / 1e6:.1f} Mo en {result.seconds:.1f} s)"
            )
