"""Backup → damage → restore on the database of the current settings; prints a JSON verdict.

Run in a subprocess by tests/common/test_backup.py on a file SQLite database (the pytest
test database is in memory), and imported in-process for PostgreSQL.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any


def populate() -> None:
    from django.contrib.auth import get_user_model

    from maillage.directory.models import Contact, Organisation, OrganisationLabel
    from maillage.opendata.models import Commune, Department, Region

    region = Region.objects.create(code="28", name="Normandie")
    dept = Department.objects.create(code="14", name="Calvados", region=region)
    caen = Commune.objects.create(
        insee="14118", name="Caen", department=dept, region=region, population=108_200
    )
    # Bulk writes: no per-row signals (the search index is not what this test is about).
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {n} — cybersécurité",
            source="test",
            external_id=f"t{n}",
            commune=caen,
            department_code="14",
            created_on=date(2020, 1, 1 + n % 28),
            description="Données « accentuées » et émojis 🛡️",
        )
        for n in range(30)
    )
    orgs = list(Organisation.objects.filter(source="test").order_by("external_id"))
    through = Organisation.domains.through
    through.objects.bulk_create(through(organisation=o, domain_id="cybersecurite") for o in orgs)
    OrganisationLabel.objects.bulk_create(
        OrganisationLabel(organisation=o, label_id="expertcyber") for o in orgs
    )
    Contact.objects.bulk_create(
        Contact(organisation=o, first_name="Léa", last_name=f"Hamel{n}") for n, o in enumerate(orgs)
    )
    get_user_model().objects.create_user("roundtrip", password="mot-de-passe-long-1")


def damage() -> None:
    from django.contrib.auth import get_user_model

    from maillage.directory.models import Organisation

    Organisation.objects.filter(external_id__in=["t1", "t2", "t3"]).delete()
    Organisation.objects.filter(external_id="t4").update(name="abîmé")
    Organisation.objects.bulk_create([Organisation(name="intrus", source="test", external_id="x1")])
    get_user_model().objects.filter(username="roundtrip").delete()


def roundtrip(workdir: Path) -> dict[str, Any]:
    from django.core.management import call_command

    from maillage.common.backup import table_fingerprints
    from maillage.common.models import ImportRun

    populate()
    before = table_fingerprints()
    runs_before = ImportRun.objects.count()
    target = workdir / "round.backup"
    call_command("backup", "--output", str(target), "--json")
    damage()
    damaged = table_fingerprints()
    out = StringIO()
    call_command("restore", str(target), "--yes", "--json", stdout=out)
    after = table_fingerprints()
    ledger = "common_importrun"
    return {
        "size": target.stat().st_size,
        "next": json.loads(out.getvalue())["next"],
        "damaged_differs": damaged != before,
        "same_except_ledger": {k: v for k, v in after.items() if k != ledger}
        == {k: v for k, v in before.items() if k != ledger},
        "tables": len(after),
        "rows": sum(n for n, _ in after.values()),
        "runs_before": runs_before,
        "run_kinds_after": sorted(ImportRun.objects.values_list("kind", flat=True)),
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(roundtrip(Path(sys.argv[1]))))


if __name__ == "__main__":
    main()
