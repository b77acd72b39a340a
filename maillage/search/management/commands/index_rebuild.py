"""`maillage index rebuild`: rebuild the search index from the database (atomic swap)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from maillage.directory.models import Organisation
from maillage.search.services import index_rebuild


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche depuis la base (nouveau répertoire, bascule atomique)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["json"] or not sys.stderr.isatty():
            count = index_rebuild()
        else:
            total = Organisation.objects.count()
            columns = (
                TextColumn("indexation"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, transient=True) as bar:
                task = bar.add_task("index", total=total)
                count = index_rebuild(progress=lambda n: bar.update(task, completed=n))
        seconds = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({"indexed": count, "seconds": seconds}))
        else:
            self.stdout.write(f"{count} organisations indexées en {seconds} s")
