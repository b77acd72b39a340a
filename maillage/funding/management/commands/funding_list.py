"""`maillage funding list [--open] [--theme T] [--audience A] [--perimeter INSEE] --json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.funding.api_rows import call_row
from maillage.funding.selectors import CallFilters, call_search
from maillage_core.funding.vocab import Audience, Theme


class Command(BaseCommand):
    help = "Liste les appels et aides (tous les champs en JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--open", action="store_true", dest="open_now")
        parser.add_argument(
            "--theme", action="append", default=[], choices=[t.value for t in Theme]
        )
        parser.add_argument(
            "--audience", action="append", default=[], choices=[a.value for a in Audience]
        )
        parser.add_argument("--perimeter", default="", metavar="INSEE")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **opts: Any) -> None:
        perimeter: str = opts["perimeter"]
        if perimeter and not (
            len(perimeter) == 5 and perimeter[:2].isalnum() and perimeter[2:].isdigit()
        ):
            raise CommandError(f"code INSEE invalide : {perimeter!r}")
        filters = CallFilters(
            open_now=opts["open_now"],
            themes=tuple(opts["theme"]),
            audiences=tuple(opts["audience"]),
            perimeter=perimeter,
        )
        calls = call_search(filters, today=timezone.localdate())
        rows = [call_row(c) for c in calls]
        if opts["as_json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            self.stdout.write(f"{row['deadline'] or '—':10}  {row['title']}")
