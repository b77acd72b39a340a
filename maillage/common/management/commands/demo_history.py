"""`maillage demo history [--seed 42] [--count 56] [--force] [--json]`: six months of
matchmaking replayed through the services (run by `make run` after `maillage demo`)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.common.demo.history import (
    DemoHistoryError,
    HistoryReport,
    demo_history_load,
    status_links,
)
from maillage.matching.engine import MatchError
from maillage.search.services import SearchError
from maillage_core.demo_history import MAX_COUNT


class Command(BaseCommand):
    help = (
        "Rejoue six mois de mises en relation de démonstration par les services "
        "(idempotent : rien n'est écrit quand le même historique est déjà chargé)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="graine (défaut 42)")
        parser.add_argument(
            "--count", type=int, default=MAX_COUNT, help=f"nombre de besoins (8 à {MAX_COUNT})"
        )
        parser.add_argument(
            "--force", action="store_true", help="rejouer même si le même historique est chargé"
        )
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if not 8 <= count <= MAX_COUNT:
            raise CommandError(f"--count doit être entre 8 et {MAX_COUNT}")
        try:
            report = demo_history_load(
                seed=options["seed"],
                today=timezone.localdate(),
                count=count,
                force=options["force"],
            )
        except (DemoHistoryError, MatchError, SearchError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_summary(report))


def _summary(report: HistoryReport) -> str:
    head = (
        "Historique de démonstration déjà chargé (inchangé)"
        if report.unchanged
        else f"Historique de démonstration rejoué ({report.deleted} objets de l'ancien supprimés)"
    )
    amount = f"{report.contract_amount:,.0f}".replace(",", " ")
    lines = [
        f"{head} : {report.needs} besoins, {report.introductions} mises en relation"
        + (
            f", {report.events} événements, {report.reroutes} réorientations"
            if not report.unchanged
            else ""
        )
        + ".",
        "Besoins par état : " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items())),
        "Mises en relation par état : "
        + ", ".join(f"{k} {v}" for k, v in sorted(report.by_state.items())),
        f"Marchés signés : {report.contracts} pour {amount} € ; "
        f"avis des demandeurs : {report.ratings}.",
    ]
    if report.skipped:
        lines.append(f"{len(report.skipped)} étapes non rejouées, dont : {report.skipped[0]}")
    links = status_links()
    if links:
        lines.append("Pages de suivi de demandeurs (lien secret) :")
        lines += [f"  {name} : {settings.SITE_URL}{path}" for name, path in links]
    return "\n".join(lines)
