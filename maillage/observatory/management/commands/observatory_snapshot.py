"""`maillage observatory snapshot [--date YYYY-MM-DD]`: write the dated Parquet snapshots."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.observatory.services import snapshots_take


class Command(BaseCommand):
    help = "Snapshot offers, BMO, training supply and unmet needs as Parquet files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="snapshot date (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date {options['date']!r} is not YYYY-MM-DD") from exc
        for snap in snapshots_take(today=day):
            self.stdout.write(f"{snap.kind}: {snap.rows} rows → {snap.path}")
