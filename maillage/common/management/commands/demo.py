"""`maillage demo [--seed 42] [--organisations 3000] [--json]`: a fictitious Normandy ecosystem."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.common.demo.inputs import DemoInputMissing
from maillage.common.demo.services import DemoError, DemoReport, demo_load


class Command(BaseCommand):
    help = "Crée ou met à jour l'écosystème de démonstration (idempotent pour une graine donnée)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="graine (défaut 42)")
        parser.add_argument(
            "--organisations", type=int, default=3000, help="nombre d'organisations (défaut 3000)"
        )
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
        parser.add_argument(
            "--no-index", action="store_true", help="ne pas reconstruire l'index de recherche"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["organisations"]
        if count < 1 or count > 200_000:
            raise CommandError("--organisations doit être entre 1 et 200000")
        try:
            report = demo_load(
                seed=options["seed"],
                organisations=count,
                today=timezone.localdate(),
                rebuild_index=not options["no_index"],
            )
        except (DemoInputMissing, DemoError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_summary(report))


def _summary(report: DemoReport) -> str:
    total = sum(report.by_kind.values())
    lines = [
        f"Écosystème de démonstration (graine {report.seed}) : {total} organisations "
        f"— {report.created} créées, {report.updated} mises à jour, "
        f"{report.unchanged} inchangées, {report.deleted} supprimées.",
        "Par type : "
        + ", ".join(f"{k} {v}" for k, v in report.by_kind.items())
        + f" (dont {report.providers} entreprises du numérique)",
        "Par département : " + ", ".join(f"{k} {v}" for k, v in report.by_department.items()),
        f"Labels {report.labels}, compétences ROME {report.skills}, contacts {report.contacts}; "
        f"codes NAF numériques : {report.naf_source}.",
        f"Index de recherche : {report.index}.",
        "",
        "Comptes de démonstration (mots de passe régénérés à chaque exécution) :",
    ]
    for c in report.credentials:
        where = f"  ({c.organisation})" if c.organisation else ""
        lines.append(f"  {c.role:<16} {c.username:<16} {c.password}{where}")
    return "\n".join(lines)
