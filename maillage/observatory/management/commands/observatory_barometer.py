"""`maillage observatory barometer [--from-sirene FILE] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.observatory.barometer import BarometerError
from maillage.observatory.barometer_service import barometer_compute
from maillage.observatory.formatting import fr_number, fr_percent


class Command(BaseCommand):
    help = "Digital establishments and estimated jobs, the region's share of France."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-sirene", type=Path, dest="sirene", help="StockEtablissement CSV"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        sirene: Path | None = options["sirene"]
        if sirene is not None and not sirene.is_file():
            raise CommandError(f"{sirene}: no such file")
        try:
            result = barometer_compute(today=timezone.localdate(), sirene_file=sirene)
        except BarometerError as exc:
            raise CommandError(str(exc)) from exc
        summary = result.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        r, f = result.region, result.france
        se, sj = result.share_establishments, result.share_employees
        self.stdout.write(
            f"{fr_number(r.establishments)} établissements numériques, "
            f"{fr_number(r.employees)} emplois estimés "
            f"dans la région {result.region_code}"
            + (
                f" : {fr_percent(se)} / {fr_percent(sj)} du total national"
                if se is not None and sj is not None
                else ""
            )
            + (
                f" (France : {fr_number(f.establishments)} / {fr_number(f.employees)})"
                if result.national
                else " (la source ne couvre que la région : pas de part nationale)"
            )
            + f". Source : {result.source}, {result.source_date or 'date inconnue'} ; "
            f"définition {result.definition_version}."
        )
