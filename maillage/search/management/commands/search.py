"""`maillage search "cybersécurité Caen" [--department 14] [--near 14118 --radius 30] --json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.search.selectors import organisation_rows
from maillage.search.services import SearchError, organisation_search
from maillage.search.types import SearchQuery

FACET_OPTIONS = {
    "department": "département (code INSEE, ex. 14)",
    "epci": "EPCI (SIREN)",
    "kind": "type d'organisation (company, school, lab…)",
    "domain": "domaine (slug, ex. cybersecurite)",
    "label": "label (slug, ex. expertcyber)",
    "size_band": "tranche d'effectifs INSEE",
    "member": "adhérent : yes / no",
}


class Command(BaseCommand):
    help = "Recherche plein texte dans l'annuaire, avec filtres, rayon et facettes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", default="", help="texte recherché")
        for facet, text in FACET_OPTIONS.items():
            flag = "--" + facet.replace("_", "-")
            parser.add_argument(flag, dest=facet, action="append", default=[], help=text)
        parser.add_argument("--near", help="code INSEE de la commune centre du rayon")
        parser.add_argument("--radius", type=float, help="rayon en km autour de --near")
        parser.add_argument("--limit", type=int, default=20, help="résultats par page (≤ 100)")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--include-closed", action="store_true", help="inclure les fermées")
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["radius"] is not None and not options["near"]:
            raise CommandError("--radius demande --near <code INSEE>")
        query = SearchQuery(
            text=options["text"],
            filters={f: tuple(options[f]) for f in FACET_OPTIONS if options[f]},
            near_commune=options["near"],
            radius_km=options["radius"],
            include_closed=options["include_closed"],
            page=options["page"],
            per_page=options["limit"],
        )
        try:
            result = organisation_search(query)
        except SearchError as exc:
            raise CommandError(str(exc)) from exc
        rows = organisation_rows([h.organisation_id for h in result.hits])
        hits: list[dict[str, Any]] = [
            {
                "id": h.organisation_id,
                "name": rows.get(h.organisation_id, ("?", ""))[0],
                "score": round(h.score, 4),
                "distance_km": h.distance_km,
                "commune": rows.get(h.organisation_id, ("?", ""))[1],
            }
            for h in result.hits
        ]
        if options["json"]:
            payload = {
                "total": result.total,
                "page": result.page,
                "pages": result.pages,
                "hits": hits,
                "facets": {f: [list(p) for p in v] for f, v in result.facets.items()},
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"{result.total} résultat(s) — page {result.page}/{result.pages}")
        for rank, hit in enumerate(hits, start=(result.page - 1) * result.per_page + 1):
            distance = f"{hit['distance_km']:.1f} km" if hit["distance_km"] is not None else ""
            self.stdout.write(
                f"{rank:>4}  {hit['score']:>7.3f}  {hit['name'][:48]:<48}  "
                f"{hit['commune'][:24]:<24}  {distance}"
            )
