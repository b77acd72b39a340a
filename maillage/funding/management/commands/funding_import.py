"""`maillage funding import --format FORMAT FILE_OR_URL [--json]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.funding.fetch import FetchFailed, FetchRefused
from maillage.funding.polling import url_read
from maillage.funding.services import ImportRefused, calls_import, calls_import_parsed
from maillage_core.funding.formats import FORMATS

MAX_FILE_BYTES = 64 * 1024 * 1024


class Command(BaseCommand):
    help = "Importe des appels à projets et aides (fichier ou URL) ; idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS, dest="format_name")
        parser.add_argument("location", metavar="FILE_OR_URL")
        parser.add_argument("--source", default="", help="nom de la source (clé naturelle)")
        parser.add_argument("--funder", default="", help="financeur d'un flux RSS/Atom")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **opts: Any) -> None:
        location: str = opts["location"]
        fmt: str = opts["format_name"]
        try:
            if location.startswith(("http://", "https://")) or "://" in location:
                report = url_read(
                    url=location, format_name=fmt, source=opts["source"], funder=opts["funder"]
                )
                result = calls_import_parsed(report=report, source_label=location)
            else:
                path = Path(location)
                if not path.is_file():
                    raise CommandError(f"fichier introuvable : {location}")
                if path.stat().st_size > MAX_FILE_BYTES:
                    raise CommandError(f"fichier trop volumineux (> {MAX_FILE_BYTES} octets)")
                result = calls_import(
                    format_name=fmt,
                    data=path.read_bytes(),
                    source_label=str(path),
                    source=opts["source"],
                    funder=opts["funder"],
                )
        except ImportRefused as exc:
            if opts["as_json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "format": exc.report.format,
                            "created": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "refused": exc.report.rows_read,
                            "errors": [str(e) for e in exc.report.errors],
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                for issue in exc.report.errors:
                    self.stderr.write(str(issue))
            raise CommandError(str(exc)) from exc
        except (FetchRefused, FetchFailed) as exc:
            raise CommandError(f"téléchargement refusé : {exc}") from exc
        if opts["as_json"]:
            payload = {"format": fmt, **result.counts(), "warnings": result.warnings}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for warning in result.warnings:
            self.stderr.write(f"avertissement : {warning}")
        self.stdout.write(
            f"created {result.created} · updated {result.updated} · unchanged {result.unchanged}"
            f" · refused {result.refused} · review items {result.review_items}"
            f" · duplicates linked {result.duplicates_linked}"
        )
