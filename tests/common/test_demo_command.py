"""`maillage demo` on a small set of real Normandy communes: idempotent, users per role."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from maillage.accounts.models import OrganisationMembership
from maillage.common.models import ImportRun
from maillage.directory.models import (
    Contact,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.opendata.models import (
    Commune,
    CommunePostcode,
    Department,
    Epci,
    Region,
    RomeFiche,
)

pytestmark = pytest.mark.django_db

# (insee, name, département, EPCI SIREN, population, lat, lon, postcode): real COG 2024 values.
COMMUNES = (
    ("14118", "Caen", "14", "200065597", 108_200, 49.1829, -0.3707, "14000"),
    ("76540", "Rouen", "76", "200023414", 114_083, 49.4431, 1.0993, "76000"),
    ("76351", "Le Havre", "76", "200084952", 166_462, 49.4944, 0.1079, "76600"),
    ("50129", "Cherbourg-en-Cotentin", "50", "200067205", 78_549, 49.6337, -1.6222, "50100"),
    ("27229", "Évreux", "27", "200089456", 46_707, 49.0241, 1.1508, "27000"),
    ("61001", "Alençon", "61", "246100663", 25_848, 48.4329, 0.0913, "61000"),
    ("14047", "Bayeux", "14", "241400555", 12_998, 49.2764, -0.7024, "14400"),
)
DEPARTMENTS = {
    "14": "Calvados",
    "27": "Eure",
    "50": "Manche",
    "61": "Orne",
    "76": "Seine-Maritime",
}


@pytest.fixture
def normandy() -> None:
    region = Region.objects.create(code="28", name="Normandie")
    for code, name in DEPARTMENTS.items():
        Department.objects.create(code=code, name=name, region=region)
    for insee, name, dept, epci, pop, lat, lon, cp in COMMUNES:
        Epci.objects.get_or_create(siren=epci, defaults={"name": f"EPCI {epci}"})
        commune = Commune.objects.create(
            insee=insee,
            name=name,
            department_id=dept,
            region=region,
            epci_id=epci,
            population=pop,
            latitude=lat,
            longitude=lon,
        )
        CommunePostcode.objects.create(commune=commune, postcode=cp)
    RomeFiche.objects.create(code="M1805", label="Développeur / Développeuse informatique")
    RomeFiche.objects.create(code="M1866", label="Pentesteur / Pentesteuse")


def run_demo(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("demo", "--json", "--no-index", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Contact.objects.count(),
        OrganisationLabel.objects.count(),
        OrganisationSkill.objects.count(),
        Organisation.domains.through.objects.count(),
        get_user_model().objects.count(),
        OrganisationMembership.objects.count(),
    )


def test_missing_communes_is_a_clear_error_and_writes_nothing() -> None:
    with pytest.raises(CommandError, match="maillage opendata load geo"):
        run_demo("--organisations", "50")
    assert Organisation.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_bad_count_is_refused(normandy: None) -> None:
    with pytest.raises(CommandError, match="--organisations"):
        run_demo("--organisations", "0")
    assert Organisation.objects.count() == 0


def test_demo_twice_is_idempotent(normandy: None) -> None:
    first = run_demo("--organisations", "300")
    after_first = counts()
    second = run_demo("--organisations", "300")
    assert counts() == after_first
    assert first["organisations"]["created"] == 300
    assert second["organisations"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 300,
        "deleted": 0,
        "total": 300,
    }
    demo = Organisation.objects.filter(source="demo", is_demo=True)
    assert demo.count() == 300
    assert set(demo.values_list("commune_id", flat=True)) <= {c[0] for c in COMMUNES}
    assert OrganisationSkill.objects.filter(code__in=["M1805", "M1866"]).exists()
    assert set(first["by_department"]) <= set(DEPARTMENTS)
    runs = ImportRun.objects.filter(kind="demo")
    assert runs.count() == 2 and set(runs.values_list("status", flat=True)) == {"succeeded"}


def test_other_seed_updates_in_place_and_smaller_count_removes_extras(normandy: None) -> None:
    run_demo("--organisations", "120")
    ids = set(Organisation.objects.values_list("id", flat=True))
    names = set(Organisation.objects.values_list("name", flat=True))
    report = run_demo("--organisations", "120", "--seed", "7")
    assert report["organisations"]["created"] == 0
    assert set(Organisation.objects.values_list("id", flat=True)) == ids
    assert set(Organisation.objects.values_list("name", flat=True)) != names
    report = run_demo("--organisations", "80", "--seed", "7")
    assert report["organisations"]["deleted"] == 40
    assert Organisation.objects.count() == 80


def test_staff_edited_fields_survive_a_rerun(normandy: None) -> None:
    run_demo("--organisations", "40")
    org = Organisation.objects.get(external_id="demo-00003")
    org.name = "Nom corrigé par l'équipe"
    org.staff_edited_fields = ["name"]
    org.save()
    run_demo("--organisations", "40", "--seed", "8")
    org.refresh_from_db()
    assert org.name == "Nom corrigé par l'équipe"


def test_users_per_role_with_groups_and_working_passwords(normandy: None) -> None:
    report = run_demo("--organisations", "200")
    users = {u["username"]: u for u in report["users"]}
    expected = {
        "demo.reseau": "network_staff",
        "demo.programme": "programme_staff",
        "demo.partenaire": "partner",
    }
    for username, group in expected.items():
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert authenticate(username=username, password=users[username]["password"]) == user
    admin = get_user_model().objects.get(username="demo.admin")
    assert admin.is_superuser and admin.is_staff
    assert all(len(u["password"]) >= 12 for u in users.values())
    memberships = OrganisationMembership.objects.filter(user__username__startswith="demo.membre")
    orgs = {m.organisation_id for m in memberships}
    assert len(orgs) == 2
    assert set(Organisation.objects.filter(id__in=orgs).values_list("membership", flat=True)) == {
        "member"
    }
    # A rerun resets the passwords: the old one no longer works, the new one does.
    again = {u["username"]: u for u in run_demo("--organisations", "200")["users"]}
    assert authenticate(username="demo.reseau", password=users["demo.reseau"]["password"]) is None
    assert authenticate(username="demo.reseau", password=again["demo.reseau"]["password"])
    assert OrganisationMembership.objects.count() == 2


def test_text_summary_prints_counts_and_credentials(normandy: None) -> None:
    out = StringIO()
    call_command("demo", "--organisations", "60", "--no-index", stdout=out)
    text = out.getvalue()
    assert "60 organisations" in text and "Par département" in text
    assert "demo.admin" in text and "demo.partenaire" in text


def test_demo_rebuilds_the_search_index_when_available(normandy: None) -> None:
    pytest.importorskip("maillage.search.services")
    out = StringIO()
    call_command("demo", "--organisations", "30", "--json", stdout=out)
    assert json.loads(out.getvalue())["index"].startswith("rebuilt: 30")


def test_a_real_organisation_keeps_its_siret(normandy: None) -> None:
    from maillage_core.demo import demo_siret

    real = Organisation.objects.create(name="Vraie entreprise", siret=demo_siret(0))
    run_demo("--organisations", "5")
    real.refresh_from_db()
    assert real.siret == demo_siret(0) and not real.is_demo
    assert Organisation.objects.get(external_id="demo-00000").siret is None
    assert Organisation.objects.get(external_id="demo-00001").siret == demo_siret(1)
