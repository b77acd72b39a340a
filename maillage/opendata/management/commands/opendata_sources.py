"""`maillage opendata sources [--json]`: where each dataset is published and the files expected."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.opendata.loaders import DATASETS


class Command(BaseCommand):
    help = "Liste les adresses officielles de téléchargement et les fichiers attendus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        catalogue = [
            {
                "name": dataset.name,
                "title": dataset.title,
                "sources": [
                    {"publisher": s.publisher, "title": s.title, "url": s.url}
                    for s in dataset.sources
                ],
                "files": [
                    {"path": f.path, "columns": list(f.columns), "delimiter": f.delimiter}
                    for f in dataset.files
                ],
            }
            for dataset in DATASETS.values()
        ]
        if options["json"]:
            self.stdout.write(json.dumps(catalogue, ensure_ascii=False, indent=2))
            return
        for dataset in DATASETS.values():
            self.stdout.write(f"{dataset.name} — {dataset.title}")
            for source in dataset.sources:
                self.stdout.write(f"  {source.publisher}: {source.title}\n    {source.url}")
            self.stdout.write("  files expected (in the data folder, e.g. --from DIR):")
            for file in dataset.files:
                self.stdout.write(f"    {file.path}  [{', '.join(file.columns)}]")
            self.stdout.write("")
