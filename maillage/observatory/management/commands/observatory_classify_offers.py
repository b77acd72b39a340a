"""`maillage observatory classify-offers < offers.jsonl > out.jsonl`: one offer a line."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.observatory.classification import OfferLineError, classify_lines
from maillage.observatory.taxonomy import TaxonomyMissing, offer_classifier


class Command(BaseCommand):
    help = (
        "Classify job offers into ROME 4.0: reads JSON lines (id, intitule, description) on stdin, "
        'writes {"id", "rome": [top-3], "skills": [...]} lines on stdout.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=3, help="ROME codes per offer (1-10)")

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        if not 1 <= top <= 10:
            raise CommandError("--top must be between 1 and 10")
        try:
            classifier = offer_classifier()
        except TaxonomyMissing as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        try:
            for result in classify_lines(sys.stdin, classifier, top=top):
                out.write(json.dumps(result, ensure_ascii=False))
        except OfferLineError as exc:
            raise CommandError(str(exc)) from exc
