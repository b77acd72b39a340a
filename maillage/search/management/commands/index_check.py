"""`maillage index check`: compare the database with the index and repair the difference."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.search.services import index_consistency_run


class Command(BaseCommand):
    help = "Compare les organisations de la base et de l'index de recherche, et répare les écarts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="signaler les écarts sans les réparer"
        )
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        result = index_consistency_run(repair=not options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        if result.consistent:
            self.stdout.write("index cohérent avec la base")
            return
        verb = "réparés" if result.repaired else "à réparer"
        self.stdout.write(
            f"écarts {verb} : {len(result.missing)} absents de l'index, "
            f"{len(result.extra)} en trop, {len(result.stale)} périmés"
        )
