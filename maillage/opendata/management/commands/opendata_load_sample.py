"""`maillage opendata load-sample`: bundled communes, for when the official files are absent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.opendata.sample import sample_load


class Command(BaseCommand):
    help = "Load the bundled sample of communes (used by `make run` without the official files)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = sample_load()
        self.stdout.write(
            f"bundled sample: {created} communes created. For the full reference data, "
            "get the official files listed by `maillage opendata sources` and run "
            "`maillage opendata load --from DIR`."
        )
