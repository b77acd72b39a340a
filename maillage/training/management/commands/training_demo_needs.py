"""`maillage training demo-needs`: the demo companies' upskilling needs, for the pooling page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.training.services import demo_needs_seed


class Command(BaseCommand):
    help = "Record a few upskilling needs of demo companies (once), for the pooling page."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_needs_seed()
        if created:
            self.stdout.write(
                f"{created} besoins de montée en compétences de démonstration enregistrés "
                "(à regrouper depuis /formations/mutualisation/)."
            )
        else:
            self.stdout.write(
                "besoins de démonstration : rien à faire "
                "(déjà présents, ou pas d'entreprise de démonstration)."
            )
