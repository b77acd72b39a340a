"""A small hand-written directory for web, API, access and browser tests.

Three départements of Normandy with real-looking communes (coordinates from the COG file), 26
organisations with French descriptions, domains, labels, contacts; users for every role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from maillage.accounts import roles
from maillage.accounts.models import OrganisationMembership
from maillage.accounts.services import user_role_grant
from maillage.directory.models import (
    Contact,
    Domain,
    Label,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.opendata.models import Commune, Department, Epci, NafCode, Region
from maillage.opendata.text import fold

PASSWORD = "correct-horse-battery-staple"

COMMUNES = [
    # insee, name, dep, epci, population, lat, lon
    ("14118", "Caen", "14", "241400415", 106230, 49.1829, -0.3707),
    ("14047", "Bayeux", "14", "200069524", 12819, 49.2765, -0.7024),
    ("14366", "Lisieux", "14", "200069532", 20318, 49.1466, 0.2258),
    ("14762", "Vire Normandie", "14", "200068799", 16811, 48.8390, -0.8893),
    ("50129", "Cherbourg-en-Cotentin", "50", "200067205", 78549, 49.6337, -1.6222),
    ("50502", "Saint-Lô", "50", "200066389", 18920, 49.1157, -1.0906),
    ("50025", "Avranches", "50", "200042729", 10230, 48.6844, -1.3569),
    ("27229", "Évreux", "27", "200040715", 46707, 49.0241, 1.1508),
    ("27681", "Vernon", "27", "200072312", 23612, 49.0929, 1.4847),
]
EPCI = {
    "241400415": "CU Caen la Mer",
    "200069524": "CC Bayeux Intercom",
    "200069532": "CA Lisieux Normandie",
    "200068799": "CC Intercom de la Vire au Noireau",
    "200067205": "CA du Cotentin",
    "200066389": "CA Saint-Lô Agglo",
    "200042729": "CA Mont-Saint-Michel-Normandie",
    "200040715": "CA Évreux Portes de Normandie",
    "200072312": "CA Seine Normandie Agglomération",
}


@dataclass
class World:
    org_a: Organisation  # a member company in Caen, with contacts
    org_b: Organisation  # another company in Cherbourg
    closed: Organisation  # a closed establishment (404 for the public)
    anonymous: None
    member_a: User
    member_b: User
    network_staff: User
    programme_staff: User
    partner: User
    organisations: list[Organisation]
    extras: dict[str, Any] = field(default_factory=dict)  # objects other apps' rows need


def build_geo() -> None:
    region = Region.objects.create(code="28", name="Normandie")
    Region.objects.create(code="11", name="Île-de-France")
    for code, name in (("14", "Calvados"), ("50", "Manche"), ("27", "Eure")):
        Department.objects.create(code=code, name=name, region=region)
    for siren, name in EPCI.items():
        Epci.objects.create(siren=siren, name=name)
    for insee, name, dep, epci, pop, lat, lon in COMMUNES:
        Commune.objects.create(
            insee=insee,
            name=name,
            name_folded=fold(name),
            department_id=dep,
            region=region,
            epci_id=epci,
            population=pop,
            latitude=lat,
            longitude=lon,
        )
    NafCode.objects.create(code="62.01Z", label="Programmation informatique", level=5)
    NafCode.objects.create(
        code="62.02A", label="Conseil en systèmes et logiciels informatiques", level=5
    )


# name, kind, insee, naf, size, domains, labels, member, description
ORGS = [
    (
        "Cyberdéfense Normande",
        "company",
        "14118",
        "62.02A",
        "12",
        ["cybersecurite"],
        ["expertcyber", "passi"],
        True,
        "Audit de sécurité, tests d'intrusion et réponse à incident pour PME et collectivités.",
    ),
    (
        "Cotentin Numérique",
        "company",
        "50129",
        "62.01Z",
        "11",
        ["web", "logiciel"],
        [],
        True,
        "Agence web : sites marchands, e-commerce et applications mobiles sur mesure.",
    ),
    (
        "Data Seine Analytics",
        "company",
        "27229",
        "62.02A",
        "03",
        ["data", "ia"],
        [],
        False,
        "Entrepôts de données, tableaux de bord et apprentissage automatique pour l'industrie.",
    ),
    (
        "Bessin Cloud",
        "company",
        "14047",
        "62.01Z",
        "02",
        ["cloud", "infogerance"],
        ["secnumcloud"],
        True,
        "Hébergement souverain, sauvegarde et infogérance des parcs informatiques.",
    ),
    (
        "Lexovie Formation",
        "training_body",
        "14366",
        "",
        "02",
        ["formation"],
        ["qualiopi"],
        False,
        "Formations certifiantes au développement web et à la cybersécurité, en alternance.",
    ),
    (
        "Université de Caen — Laboratoire GREYC",
        "lab",
        "14118",
        "",
        "22",
        ["ia", "cybersecurite"],
        [],
        False,
        "Recherche en intelligence artificielle, cryptographie et traitement du langage.",
    ),
    (
        "Tiers-lieu du Bocage",
        "tiers_lieu",
        "14762",
        "",
        "01",
        ["mediation"],
        [],
        True,
        "Espace de coworking, fab lab et médiation numérique au cœur du bocage virois.",
    ),
    (
        "Saint-Lô Industrie 4.0",
        "company",
        "50502",
        "62.02A",
        "11",
        ["iot", "ia"],
        ["francenum"],
        True,
        "Capteurs, objets connectés et maintenance prédictive pour les ateliers de production.",
    ),
    (
        "Baie Design UX",
        "company",
        "50025",
        "62.01Z",
        "01",
        ["ux", "web"],
        [],
        False,
        "Design d'interface, ergonomie et accessibilité RGAA des services numériques.",
    ),
    (
        "Vernon Logiciels",
        "company",
        "27681",
        "62.01Z",
        "12",
        ["logiciel"],
        ["jei"],
        True,
        "Édition de logiciels de gestion (ERP, CRM) pour les PME industrielles.",
    ),
]


def build_orgs() -> list[Organisation]:
    domains = {d.slug: d for d in Domain.objects.all()}
    labels = {lbl.slug: lbl for lbl in Label.objects.all()}
    communes = {c.insee: c for c in Commune.objects.all()}
    out = []
    for i, (name, kind, insee, naf, size, doms, labs, member, desc) in enumerate(ORGS):
        commune = communes[insee]
        org = Organisation.objects.create(
            name=name,
            kind=kind,
            source="test",
            external_id=f"t{i}",
            siret=f"1234567800{i:04d}",
            siren="123456780",
            naf_code=naf,
            size_band=size,
            legal_category="5710" if kind == "company" else "9220",
            is_head_office=True,
            commune=commune,
            postcode=f"{commune.department_id}000",
            address=f"{i + 1} rue de la République",
            department_code=commune.department_id,
            region_code="28",
            epci_siren=commune.epci_id or "",
            latitude=(commune.latitude or 0) + 0.004 * i,
            longitude=commune.longitude,
            hq_region_code="28",
            membership=MembershipStatus.MEMBER if member else MembershipStatus.NONE,
            description=desc,
        )
        org.domains.set([domains[d] for d in doms])
        for slug in labs:
            OrganisationLabel.objects.create(
                organisation=org,
                label=labels[slug],
                valid_from=datetime.date(2025, 1, 1),
                valid_to=datetime.date(2027, 12, 31),
            )
        out.append(org)
    # Sixteen more small web agencies so the search needs two pages (20 per page).
    for j in range(16):
        commune = communes[COMMUNES[j % len(COMMUNES)][0]]
        org = Organisation.objects.create(
            name=f"Agence Web Normandie {j + 1:02d}",
            kind=OrganisationKind.COMPANY,
            source="test",
            external_id=f"w{j}",
            naf_code="62.01Z",
            size_band="01",
            commune=commune,
            department_code=commune.department_id,
            region_code="28",
            epci_siren=commune.epci_id or "",
            latitude=commune.latitude,
            longitude=commune.longitude,
            description="Création de sites internet et référencement pour les commerçants.",
        )
        org.domains.set([domains["web"]])
        out.append(org)
    return out


def _user(username: str, *, staff: bool = False) -> User:
    return User.objects.create_user(username, f"{username}@exemple.test", PASSWORD, is_staff=staff)


def build_world() -> World:
    build_geo()
    orgs = build_orgs()
    org_a, org_b = orgs[0], orgs[1]
    OrganisationSkill.objects.create(
        organisation=org_a, taxonomy="rome", code="M1844", label="Analyste en cybersécurité"
    )
    Contact.objects.create(
        organisation=org_a,
        first_name="Camille",
        last_name="Lefèvre",
        role="Directrice technique",
        email="camille.lefevre@cyberdefense.test",
        phone="02 31 00 00 00",
    )
    Contact.objects.create(
        organisation=org_b, first_name="Hugo", last_name="Marie", email="hugo@cotentin.test"
    )
    closed = Organisation.objects.create(
        name="Ancienne SSII Fermée",
        source="test",
        external_id="closed",
        is_closed=True,
        closed_on=datetime.date(2020, 6, 30),
        commune_id="14118",
        department_code="14",
        region_code="28",
    )
    member_a = _user("membre-a")
    member_b = _user("membre-b")
    OrganisationMembership.objects.create(user=member_a, organisation=org_a)
    OrganisationMembership.objects.create(user=member_b, organisation=org_b)
    network_staff = _user("charge-mission", staff=True)
    user_role_grant(user=network_staff, role=roles.NETWORK_STAFF)
    programme_staff = _user("programme")
    user_role_grant(user=programme_staff, role=roles.PROGRAMME_STAFF)
    partner = _user("partenaire")
    user_role_grant(user=partner, role=roles.PARTNER)
    return World(
        org_a=org_a,
        org_b=org_b,
        closed=closed,
        anonymous=None,
        member_a=member_a,
        member_b=member_b,
        network_staff=network_staff,
        programme_staff=programme_staff,
        partner=partner,
        organisations=[*orgs, closed],
    )
