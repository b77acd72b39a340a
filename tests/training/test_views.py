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


def test_member_reports_a_need_then_staff_pools_it(client: Client, catalogue: None) -> None:
    from maillage.accounts.models import OrganisationMembership
    from maillage.training.models import UpskillingNeed

    # an id above 999: the form must not print it as "1 234" (thousands separator)
    a = Organisation.objects.create(
        id=1234, name="PME A", source="t", external_id="a", department_code="14"
    )
    b = Organisation.objects.create(name="PME B", source="t", external_id="b", department_code="14")
    other = Organisation.objects.create(name="PME C", source="t", external_id="c")
    members = []
    for org in (a, b):
        user = User.objects.create_user(f"membre-{org.external_id}", password="x" * 12)
        OrganisationMembership.objects.create(user=user, organisation=org)
        members.append(user)
    need = "Former nos techniciens à la sécurité des réseaux"
    # anonymous visitors see the programmes, not the form
    assert (
        "Signaler ce besoin"
        not in client.get("/formations/besoin/", {"besoin": need}).content.decode()
    )
    client.force_login(members[0])
    page = client.get("/formations/besoin/", {"besoin": need}).content.decode()
    assert "Signaler ce besoin pour une session collective" in page and "PME A" in page
    assert 'name="rome" value="' in page  # ROME fiches proposed from the description
    assert 'name="organisation" value="1234"' in page
    form = {"besoin": need, "organisation": str(a.pk), "rome": "M1844", "headcount": "3"}
    # bad input: one French line, nothing recorded
    for bad, message in (
        ({"headcount": "0"}, "Indiquez le nombre de personnes à former (de 1 à 500)."),
        ({"rome": "Z9999"}, "Choisissez le métier concerné parmi ceux proposés."),
        ({"besoin": " "}, "Décrivez le besoin avant de le signaler."),
    ):
        response = client.post("/formations/besoin/signaler/", form | bad, follow=True)
        assert message in response.content.decode()
    assert not UpskillingNeed.objects.exists()
    # another company's id is not the member's to use
    foreign = form | {"organisation": str(other.pk)}
    assert client.post("/formations/besoin/signaler/", foreign).status_code == 404
    done = client.post("/formations/besoin/signaler/", form, follow=True).content.decode()
    assert "Besoin enregistré pour PME A : 3 personne(s), métier M1844" in done
    mine = client.get("/formations/besoin/").content.decode()
    assert "Besoins de formation signalés par votre entreprise" in mine
    title = mine[mine.index("<title>") : mine.index("</title>")]
    assert "Formations pour un besoin" in title and "<section" not in title
    assert "en attente d'autres entreprises du département" in mine
    client.force_login(members[1])
    client.post("/formations/besoin/signaler/", form | {"organisation": str(b.pk)})
    assert UpskillingNeed.objects.count() == 2
    staff = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    user_role_grant(user=staff, role=roles.NETWORK_STAFF)
    client.force_login(staff)
    assert "2 besoins en attente" in client.get("/formations/mutualisation/").content.decode()
    client.post("/formations/mutualisation/")
    pooled = client.get("/formations/mutualisation/").content.decode()
    assert "M1844 Analyste en cybersécurité — Calvados (14)" in pooled
    assert "6 personnes à former" in pooled and "0 besoin en attente" in pooled
    assert "1 session collective proposée." in pooled
    client.post("/formations/mutualisation/")
    again = client.get("/formations/mutualisation/").content.decode()
    assert "Aucune nouvelle session collective : pas assez de besoins identiques." in again
    # staff decide: a bad decision is refused in French; cancelling frees the needs to pool again
    from maillage.training.models import CollectiveSession

    session = CollectiveSession.objects.get()
    decide = f"/formations/mutualisation/{session.pk}/decision/"
    bad = client.post(decide, {"status": "maybe"}, follow=True).content.decode()
    assert "Décision inconnue." in bad
    cancelled = client.post(decide, {"status": "cancelled"}, follow=True).content.decode()
    assert "Session annulée : ses besoins sont de nouveau en attente de regroupement." in cancelled
    assert "2 besoins en attente" in cancelled
    twice = client.post(decide, {"status": "confirmed"}, follow=True).content.decode()
    assert "Cette session est déjà annulée." in twice
    client.post("/formations/mutualisation/")  # grouped again into a new session
    fresh = CollectiveSession.objects.get(status="proposed")
    done = client.post(
        f"/formations/mutualisation/{fresh.pk}/decision/", {"status": "confirmed"}, follow=True
    ).content.decode()
    assert "Session confirmée." in done and "Confirmée · 6 personnes à former" in done
    assert 'value="confirmed"' not in done  # decided: no buttons any more
    # the member sees where its need went
    client.force_login(members[0])
    mine = client.get("/formations/besoin/").content.decode()
    assert "regroupé dans une session collective (confirmée)" in mine


def test_demo_needs_are_seeded_once_and_pool(client: Client, catalogue: None) -> None:
    import io

    from django.core.management import call_command

    from maillage.training.models import CollectiveSession, UpskillingNeed

    for i, dep in enumerate(("14", "14", "14", "76", "76", "50", "14")):
        Organisation.objects.create(
            name=f"Démo {i}",
            source="demo",
            external_id=f"demo-{i:05d}",
            is_demo=True,
            kind="company",
            department_code=dep,
        )
    out = io.StringIO()
    call_command("training_demo_needs", stdout=out)
    assert "6 besoins" in out.getvalue()
    call_command("training_demo_needs", stdout=io.StringIO())  # a re-run adds nothing
    assert UpskillingNeed.objects.count() == 6
    assert UpskillingNeed.objects.values("organisation").distinct().count() == 6
    from maillage.training.services import collective_sessions_propose

    sessions = collective_sessions_propose()
    keys = sorted((s.skill_key, s.department, s.headcount) for s in sessions)
    assert keys == [("m1805", "76", 4), ("m1844", "14", 6)]  # the Manche need stays alone
    assert CollectiveSession.objects.count() == 2


def test_pooled_session_suggests_a_programme_about_that_occupation(db: None) -> None:
    from maillage.training.services import collective_sessions_propose

    Programme.objects.create(
        source="rncp", external_id="A", title="Ingénieur cybersécurité", content_hash="a",
        rome_codes=["M1844", "M1805"],
    )  # fmt: skip
    far = Programme.objects.create(
        source="rncp", external_id="B", title="Développeur web (Lille)", content_hash="b",
        rome_codes=["M1805"], department="59",
    )  # fmt: skip
    near = Programme.objects.create(
        source="rncp", external_id="C", title="Développeur web (Rouen)", content_hash="c",
        rome_codes=["M1805", "M1806"], department="76",
    )  # fmt: skip
    for name in ("X", "Y"):
        org = Organisation.objects.create(name=name, source="t", external_id=name)
        upskilling_need_submit(organisation=org, text="web", skill_key="M1805", department="76")
    (session,) = collective_sessions_propose()
    # M1805 first in its codes (not the cyber programme), and in the session's département
    assert session.programme == near and far.pk < near.pk


def test_pooled_session_shows_its_code_without_the_referential(client: Client, db: None) -> None:
    from maillage.training.services import collective_sessions_propose

    for name in ("X", "Y"):
        org = Organisation.objects.create(name=name, source="t", external_id=name)
        upskilling_need_submit(organisation=org, text="cyber", skill_key="M1844", department="14")
    collective_sessions_propose()
    staff = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    user_role_grant(user=staff, role=roles.NETWORK_STAFF)
    client.force_login(staff)
    page = client.get("/formations/mutualisation/").content.decode()
    # no reference tables here: the code upper-case and alone, the département by its code
    assert "<h2>M1844 — 14</h2>" in page
