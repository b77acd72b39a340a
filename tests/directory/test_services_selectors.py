"""Directory services (staff edits) and selectors (order, relations, counts), and the admin path."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from maillage.directory.adapters import OrganisationRecord
from maillage.directory.models import Domain, Label, Organisation, OrganisationLabel
from maillage.directory.selectors import (
    organisation_counts_by_department,
    organisation_counts_by_kind,
    organisation_detail,
    organisations_by_ids,
)
from maillage.directory.services import organisation_update_by_staff, organisations_bulk_upsert
from maillage_core.sirene import content_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Any:
    return get_user_model().objects.create_user("equipe", password="x" * 12, is_staff=True)


def make(name: str, **fields: Any) -> Organisation:
    return Organisation.objects.create(name=name, **fields)


def test_staff_update_records_edited_fields(staff: Any) -> None:
    org = make("Alpha", size_band="01")
    organisation_update_by_staff(
        organisation=org, user=staff, changes={"name": "Alpha SAS", "domains": ["ia", "data"]}
    )
    organisation_update_by_staff(
        organisation=org, user=staff, changes={"size_band": "02", "labels": ["qualiopi"]}
    )
    org.refresh_from_db()
    assert org.name == "Alpha SAS" and org.size_band == "02"
    assert org.staff_edited_fields == ["domains", "labels", "name", "size_band"]
    assert set(org.domains.values_list("slug", flat=True)) == {"ia", "data"}
    assert list(org.labels.values_list("label_id", flat=True)) == ["qualiopi"]


def test_staff_update_refuses_non_staff_and_unknown_fields(staff: Any) -> None:
    org = make("Alpha")
    member = get_user_model().objects.create_user("membre", password="x" * 12)
    with pytest.raises(PermissionDenied):
        organisation_update_by_staff(organisation=org, user=member, changes={"name": "X"})
    with pytest.raises(ValueError, match="content_hash"):
        organisation_update_by_staff(organisation=org, user=staff, changes={"content_hash": "x"})
    with pytest.raises(ValueError, match="unknown labels"):
        organisation_update_by_staff(organisation=org, user=staff, changes={"labels": ["nope"]})
    org.refresh_from_db()
    assert org.name == "Alpha" and org.staff_edited_fields == []


def test_organisations_by_ids_keeps_order_in_few_queries(
    django_assert_max_num_queries: Any,
) -> None:
    orgs = [make(f"Org {i}") for i in range(5)]
    for org in orgs:
        org.domains.set([Domain.objects.get(slug="ia")])
        OrganisationLabel.objects.create(organisation=org, label=Label.objects.get(slug="passi"))
    wanted = [orgs[3].id, orgs[0].id, 999_999, orgs[4].id]
    with django_assert_max_num_queries(3):
        found = organisations_by_ids(wanted)
        names = [
            (o.name, [d.slug for d in o.domains.all()], [x.label.name for x in o.labels.all()])
            for o in found
        ]
    assert names == [
        ("Org 3", ["ia"], ["PASSI"]),
        ("Org 0", ["ia"], ["PASSI"]),
        ("Org 4", ["ia"], ["PASSI"]),
    ]
    assert organisations_by_ids([]) == []


def test_organisation_detail(geo: None) -> None:
    org = make("Beta", commune_id="14118")
    detail = organisation_detail(org.id)
    assert detail is not None and detail.commune is not None
    assert detail.commune.epci is not None and detail.commune.epci.name == "CU Caen la Mer"
    assert organisation_detail(999_999) is None


def test_counts_for_the_home_page(geo: None) -> None:
    make("A", department_code="14")
    make("B", department_code="14", kind="school")
    make("C", department_code="76", kind="school")
    make("D", department_code="76", is_closed=True)
    make("E")
    by_department = organisation_counts_by_department()
    assert [(r.code, r.label, r.count) for r in by_department] == [
        ("14", "Calvados", 2),
        ("76", "Seine-Maritime", 1),
    ]
    assert [(r.code, r.count) for r in organisation_counts_by_department(include_closed=True)] == [
        ("14", 2),
        ("76", 2),
    ]
    kinds = organisation_counts_by_kind()
    assert [(r.code, r.label, r.count) for r in kinds] == [
        ("company", "entreprise", 2),
        ("school", "école / université", 2),
    ]


def test_admin_edit_goes_through_the_staff_service(staff: Any) -> None:
    staff.is_superuser = True
    staff.save()
    org = make("Gamma", siret="41234567000019", size_band="01")
    client = Client()
    client.force_login(staff)
    url = f"/back-office/directory/organisation/{org.id}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(name="Gamma Conseil", domains=["conseil"])
    for prefix in ("skills", "labels", "declared_labels", "contacts"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert org.name == "Gamma Conseil"
    assert set(org.staff_edited_fields) == {"name", "domains"}
    assert list(org.domains.values_list("slug", flat=True)) == ["conseil"]


def _record(siret: str, name: str, naf: str = "62.01Z") -> OrganisationRecord:
    fields = {"name": name, "naf_code": naf, "department_code": "14"}
    return OrganisationRecord(
        siret=siret,
        source="sirene",
        external_id=None,
        fields=fields,
        content_hash=content_hash([siret, *fields.values()]),
    )


def test_bulk_upsert_creates_updates_and_skips(staff: Any) -> None:
    first = organisations_bulk_upsert(
        records=[_record("41234567000019", "Un"), _record("41234567000027", "Deux")]
    )
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert sorted(first.ids) == sorted(Organisation.objects.values_list("id", flat=True))
    edited = Organisation.objects.get(siret="41234567000027")
    organisation_update_by_staff(organisation=edited, user=staff, changes={"name": "Deux (revu)"})
    second = organisations_bulk_upsert(
        records=[
            _record("41234567000019", "Un", naf="62.02A"),  # changed, no staff edit
            _record("41234567000027", "Deux bis", naf="62.02A"),  # changed, name edited by staff
            _record("52345678800018", "Trois"),  # new
        ]
    )
    assert (second.created, second.updated, second.unchanged) == (1, 2, 0)
    names = dict(Organisation.objects.values_list("siret", "name"))
    assert names == {
        "41234567000019": "Un",
        "41234567000027": "Deux (revu)",
        "52345678800018": "Trois",
    }
    assert set(Organisation.objects.values_list("naf_code", flat=True)) == {"62.02A", "62.01Z"}
    third = organisations_bulk_upsert(records=[_record("52345678800018", "Trois")])
    assert (third.created, third.updated, third.unchanged) == (0, 0, 1)


def test_bulk_upsert_records_with_different_fields() -> None:
    plain = _record("41234567000019", "Un")
    richer = OrganisationRecord(
        siret="41234567000027",
        source="sirene",
        external_id=None,
        fields={"name": "Deux", "legal_category": "5710"},
        content_hash="x",
    )
    assert organisations_bulk_upsert(records=[plain, richer]).created == 2
    one, two = Organisation.objects.order_by("siret")
    assert (one.legal_category, one.naf_code) == ("", "62.01Z")
    assert (two.legal_category, two.naf_code, two.hq_country) == ("5710", "", "FR")
