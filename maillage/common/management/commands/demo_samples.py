"""`maillage demo samples`: load the real open-data samples behind the demo's other pages.

The directory demo is generated; the funding watch, the training catalogue and the observatory
show real published samples instead (Aides-territoires, ONISEP, SecNumEdu, Carif-Oref LHEO,
France Travail offers, BMO). Each step goes through the ordinary import command, so it is
idempotent and recorded in the run ledger like any import. Last, the ecosystem barometer is
computed over the directory (`maillage observatory barometer`; its page names that source).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.opendata.services import DataDirNotFound, data_dir_find

# (command, --format value or "", path under the open-data folder)
STEPS: tuple[tuple[str, str, str], ...] = (
    ("funding_import", "aides-territoires-csv",
     "aides/aides_territoires_export_echantillon.csv"),
    ("funding_import", "departement-manche",
     "aides/echantillons_fournisseurs/departement_manche_data.json"),
    ("funding_import", "ademe-agir",
     "aides/echantillons_fournisseurs/ademe_agir_data.json"),
    ("training_import", "onisep", "formation/onisep_formations_numerique_cyber_data_ia.csv"),
    ("training_import", "secnumedu", "formation/secnumedu_formations_labellisees.csv"),
    ("training_import", "lheo", "formation/echantillon_intercarif_lheo_bob_emploi.xml"),
    ("observatory_import_offers", "csv",
     "emploi/ft_offres_api_aplaties_ardeche_2025-05.csv"),
    ("observatory_import_offers", "france-travail",
     "emploi/ft_offres_api_brutes_data_ia_2026.json"),
    ("observatory_import_bmo", "", "emploi/bmo_2025_normandie.csv"),
)  # fmt: skip


class Command(BaseCommand):
    help = "Load the real open-data samples for the funding, training and observatory pages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", help="open-data folder (default: found)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["source"]:
            root = Path(options["source"])
            if not root.is_dir():
                raise CommandError(f"{root} is not a folder")
        else:
            try:
                root = data_dir_find()
            except DataDirNotFound:
                # `make run` goes on without them: the pages show their empty states.
                self.stdout.write(
                    "no open-data folder found: funding, training and observatory samples "
                    "skipped (see `maillage opendata sources`)"
                )
                return
        for command, fmt, relative in STEPS:
            path = root / relative
            if not path.exists():
                self.stderr.write(f"skipped {relative}: not in {root}")
                continue
            self.stdout.write(f"{command} {relative}")
            argv = ["--format", fmt, str(path)] if fmt else [str(path)]
            call_command(command, *argv, stdout=self.stdout, stderr=self.stderr)
        call_command("observatory_snapshot", stdout=self.stdout, stderr=self.stderr)
        try:
            call_command("observatory_barometer", stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:  # e.g. NAF or communes not loaded: the page says so
            self.stderr.write(f"barometer skipped: {error}")
