"""Training pages through HTTP: search with facets and pagination, programme, need, pooling."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from maillage.accounts import roles
from maillage.accounts.services import user_role_grant
from maillage.directory.models import Organisation
from maillage.training.models import Programme
from maillage.training.services import programmes_import, upskilling_need_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(training_fixtures: Path, mini_opendata: None) -> None:
    for fmt, name in (("lheo", "lheo.xml"), ("cpf", "cpf.csv"), ("rncp", "rncp.csv")):
        programmes_import(fmt=fmt, data=(training_fixtures / name).read_bytes())


def test_search_words_and_facets(client: Client, catalogue: None) -> None:
    page = client.get("/formations/").content.decode()
    assert "<strong>6</strong> formations" in page
    hit = client.get("/formations/", {"q": "réseaux"}).content.decode()
    assert "Technicien réseaux IP" in hit and "Sécurité des réseaux" in hit
    assert "Analyste SOC" not in hit
    faceted = client.get("/formations/", {"q": "réseaux", "source": "cpf"}).content.decode()
    assert "Sécurité des réseaux" in faceted and "Technicien réseaux IP" not in faceted
    # the source facet still counts the other sources (disjunctive)
    assert 'value="rncp"' in faceted
    # levels are labelled, and listed in their own order
    assert "Niveau 4 (bac)" in page and "Niveau 5 (bac+2)" in page
    assert page.index("Niveau 4 (bac)") < page.index("Niveau 5 (bac+2)")


def test_bad_page_is_400(client: Client) -> None:
    assert client.get("/formations/", {"page": "-1"}).status_code == 400


def test_programme_page(client: Client, catalogue: None) -> None:
    p = Programme.objects.get(external_id="AF_1_SE_1")
    page = client.get(f"/formations/{p.pk}/").content.decode()
    assert "Numérique Formation Caen" in page and "RNCP37674" in page
    assert "1 septembre 2026" in page  # session dates in French
    assert "<dd>Niveau 5 (bac+2)</dd>" in page
    # ROME codes come with their labels (the mini referential knows M1805)
    assert '<span class="mono">M1805</span> Développeur / Développeuse informatique' in page
    assert client.get("/formations/999999/").status_code == 404


def test_programmes_for_a_need(client: Client, catalogue: None) -> None:
    page = client.get(
        "/formations/besoin/", {"besoin": "Former nos techniciens à la sécurité des réseaux"}
    ).content.decode()
    assert "Sécurité des réseaux" in page
    assert client.get("/formations/besoin/", {"besoin": "x" * 2001}).status_code == 400


def test_pooling_is_staff_only_and_groups_companies(client: Client, catalogue: None) -> None:
    a = Organisation.objects.create(name="PME A", source="t", external_id="a")
    b = Organisation.objects.create(name="PME B", source="t", external_id="b")
    for org in (a, b):
        upskilling_need_submit(organisation=org, text="cyber", skill_key="M1844", department="14")
    upskilling_need_submit(organisation=a, text="web", skill_key="M1805", department="14")
    assert client.get("/formations/mutualisation/").status_code == 404
    staff = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    user_role_grant(user=staff, role=roles.NETWORK_STAFF)
    client.force_login(staff)
    client.post("/formations/mutualisation/")
    page = client.get("/formations/mutualisation/").content.decode()
    assert "m1844" in page.lower()
    assert "PME A" in page and "PME B" in page and "2 personnes" in page
    assert "m1805" not in page.lower()  # one company only: not pooled
    client.post("/formations/mutualisation/")  # nothing proposed twice
    again = client.get("/formations/mutualisation/").content.decode()
    assert again.count('<li class="card">') == 1
