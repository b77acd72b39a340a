"""`maillage restore FILE [--yes]`: replace the whole database with a backup."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.common.backup import (
    BackupError,
    backup_check,
    backup_restore,
    pending_migrations,
)


class Command(BaseCommand):
    help = "Restaure une sauvegarde faite par `maillage backup` (remplace toute la base)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="fichier de sauvegarde")
        parser.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            backup_check(path)
            if not options["yes"]:
                self._confirm(path)
            result = backup_restore(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The search index lives outside the database; an older backup may need migrations.
        next_steps = (["maillage migrate"] if pending_migrations() else []) + [
            "maillage index rebuild"
        ]
        if options["json"]:
            self.stdout.write(json.dumps({**result.as_dict(), "next": next_steps}))
        else:
            self.stdout.write(
                f"Base restaurée depuis {result.path} en {result.seconds:.1f} s.\n"
                f"À lancer maintenant : {' puis '.join(next_steps)}"
            )

    def _confirm(self, path: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                "la restauration remplace toute la base : confirmez avec --yes (confirm)"
            )
        answer = input(f"Remplacer toute la base par {path} ? [o/N] ").strip().lower()
        if answer not in {"o", "oui", "y", "yes"}:
            raise CommandError("restauration annulée (cancelled)")
