"""The pure demo generator: deterministic, real places, valid SIRETs, labels by rule."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.catalogue import LABEL_BY_SLUG
from maillage_core.demo import (
    CommuneRef,
    DemoEcosystem,
    DemoInputs,
    NafRef,
    RomeRef,
    demo_siret,
    generate,
    luhn_complete,
    luhn_valid,
)

TODAY = date(2026, 11, 23)
_CALVADOS, _SEINE, _MANCHE = ("14", "Calvados"), ("76", "Seine-Maritime"), ("50", "Manche")
_EURE, _ORNE = ("27", "Eure"), ("61", "Orne")
COMMUNES = tuple(
    CommuneRef(insee, name, dept[0], dept[1], "28", epci, pop, lat, lon, cp)
    for insee, name, dept, epci, pop, lat, lon, cp in (
        ("14118", "Caen", _CALVADOS, "200065597", 108_200, 49.18, -0.37, "14000"),
        ("76540", "Rouen", _SEINE, "200023414", 114_000, 49.44, 1.09, "76000"),
        ("76351", "Le Havre", _SEINE, "200084952", 166_000, 49.49, 0.11, "76600"),
        ("50129", "Cherbourg-en-Cotentin", _MANCHE, "200067205", 78_000, 49.64, -1.62, "50100"),
        ("27229", "Évreux", _EURE, "200089456", 46_700, 49.02, 1.15, "27000"),
        ("61001", "Alençon", _ORNE, "246100663", 25_800, 48.43, 0.09, "61000"),
        ("14003", "Agy", _CALVADOS, "241400555", 313, 49.24, -0.78, "14400"),
        ("61999", "Commune sans coordonnées", _ORNE, "", 0, None, None, ""),
    )
)
ROME = (
    RomeRef("M1805", "Développeur / Développeuse informatique"),
    RomeRef("M1812", "Responsable de la Sécurité des Systèmes d'Information (RSSI)"),
    RomeRef("M1866", "Pentesteur / Pentesteuse"),
    RomeRef("M1855", "Développeur / Développeuse web"),
    RomeRef("M1811", "Data engineer"),
)
INPUTS = DemoInputs(communes=COMMUNES, digital_naf=(), rome=ROME)
CYBER_ONLY = {"expertcyber", "passi", "pris", "pdis"}


@pytest.fixture(scope="module")
def eco() -> DemoEcosystem:
    return generate(INPUTS, seed=42, count=1500, today=TODAY)


def test_same_seed_same_ecosystem_and_other_seed_differs(eco: DemoEcosystem) -> None:
    assert generate(INPUTS, seed=42, count=1500, today=TODAY) == eco
    other = generate(INPUTS, seed=43, count=1500, today=TODAY)
    assert [o.name for o in other.organisations] != [o.name for o in eco.organisations]


def test_input_order_does_not_matter(eco: DemoEcosystem) -> None:
    shuffled = DemoInputs(communes=tuple(reversed(COMMUNES)), digital_naf=(), rome=ROME)
    assert generate(shuffled, seed=42, count=1500, today=TODAY) == eco


def test_smaller_count_is_a_prefix(eco: DemoEcosystem) -> None:
    small = generate(INPUTS, seed=42, count=200, today=TODAY)
    assert small.organisations == eco.organisations[:200]


def test_sirets_are_luhn_valid_and_unique(eco: DemoEcosystem) -> None:
    sirets = [o.siret for o in eco.organisations]
    assert len(set(sirets)) == len(sirets)
    for o in eco.organisations:
        assert len(o.siret) == 14 and luhn_valid(o.siret) and luhn_valid(o.siren)


def test_natural_keys_names_and_websites_are_unique(eco: DemoEcosystem) -> None:
    orgs = eco.organisations
    for attr in ("external_id", "name", "website"):
        values = [getattr(o, attr) for o in orgs]
        assert len(set(values)) == len(values), attr
    assert all(o.website.startswith("https://") and o.website.endswith(".example") for o in orgs)
    providers = [o for o in orgs if o.kind == "company" and o.domains]
    assert all("\x00" not in o.description and o.name in o.description for o in providers)


def test_every_organisation_is_on_a_given_commune(eco: DemoEcosystem) -> None:
    by_insee = {c.insee: c for c in COMMUNES}
    for o in eco.organisations:
        commune = by_insee[o.commune_insee]
        assert (o.department_code, o.region_code, o.postcode) == (
            commune.department_code,
            commune.region_code,
            commune.postcode,
        )
        if commune.latitude is None:
            assert o.latitude is None
        else:
            assert o.latitude is not None and abs(o.latitude - commune.latitude) < 0.01


def test_big_cities_dominate(eco: DemoEcosystem) -> None:
    where = Counter(o.commune_insee for o in eco.organisations)
    assert where["76351"] > where["27229"] > where["14003"]
    assert where["14118"] > 10 * where["14003"]


def test_label_rules(eco: DemoEcosystem) -> None:
    held = 0
    for o in eco.organisations:
        for lbl in o.labels:
            held += 1
            assert LABEL_BY_SLUG[lbl.slug].domain in o.domains, (o.name, lbl.slug)
            assert lbl.valid_to is None or lbl.valid_to > lbl.valid_from
            assert lbl.valid_from <= TODAY
            if lbl.slug in CYBER_ONLY:
                assert o.kind == "company" and "cybersecurite" in o.domains
            if lbl.slug == "qualiopi":
                assert o.kind in {"training_body", "school"}
            if lbl.slug in {"secnumcloud", "hds"}:
                assert "cloud" in o.domains
    kinds = Counter(lbl.slug for o in eco.organisations for lbl in o.labels)
    assert kinds["qualiopi"] > 0 and kinds["expertcyber"] > 0
    assert held > 50


def test_skills_are_given_rome_fiches(eco: DemoEcosystem) -> None:
    codes = {r.code for r in ROME}
    skills = [s for o in eco.organisations for s in o.skills]
    assert skills and all(s.code in codes for s in skills)
    without = generate(
        DemoInputs(communes=COMMUNES, digital_naf=()), seed=42, count=50, today=TODAY
    )
    assert all(not o.skills for o in without.organisations)


def test_naf_codes_come_from_the_digital_definition_for_providers() -> None:
    naf = (NafRef("62.01Z", "Programmation informatique"), NafRef("63.11Z", "Traitement"))
    eco = generate(DemoInputs(COMMUNES, naf), seed=1, count=400, today=TODAY)
    providers = [o for o in eco.organisations if o.kind == "company" and o.domains]
    assert providers and {o.naf_code for o in providers} <= {"62.01Z", "63.11Z"}
    clients = [o for o in eco.organisations if o.kind == "company" and not o.domains]
    assert clients and all(o.naf_code not in {"62.01Z", "63.11Z"} for o in clients)


def test_mix_of_kinds_membership_and_head_offices(eco: DemoEcosystem) -> None:
    orgs = eco.organisations
    kinds = Counter(o.kind for o in orgs)
    assert set(kinds) == {
        "company", "school", "training_body", "lab", "public_body", "association", "tiers_lieu"
    }  # fmt: skip
    members = sum(o.membership == "member" for o in orgs) / len(orgs)
    assert 0.25 < members < 0.36
    assert any(o.hq_region_code == "11" for o in orgs)  # Paris groups
    assert any(o.hq_country != "FR" for o in orgs)  # foreign groups
    assert sum(o.hq_region_code == "28" for o in orgs) / len(orgs) > 0.8


def test_contacts_and_users_are_fictitious(eco: DemoEcosystem) -> None:
    emails = [c.email for o in eco.organisations for c in o.contacts]
    assert emails and all(e.endswith("@exemple.test") for e in emails)
    assert len(set(emails)) == len(emails)
    users = {u.username: u for u in eco.users}
    groups = {u.group for u in eco.users}
    assert {"network_staff", "programme_staff", "partner"} <= groups
    assert any(u.is_superuser for u in eco.users)
    members = [u for u in eco.users if u.organisation_external_id]
    assert (
        len(members) == 2
        and members[0].organisation_external_id != members[1].organisation_external_id
    )
    by_ext = {o.external_id: o for o in eco.organisations}
    assert all(by_ext[str(u.organisation_external_id)].membership == "member" for u in members)
    assert all(u.email.endswith("@exemple.test") for u in users.values())


def test_no_communes_is_an_error() -> None:
    with pytest.raises(ValueError, match="geo"):
        generate(DemoInputs(communes=(), digital_naf=()), seed=1, count=1, today=TODAY)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_luhn_complete_is_valid_and_unique(body: str) -> None:
    full = luhn_complete(body)
    assert full.startswith(body) and luhn_valid(full)
    assert sum(luhn_valid(body + d) for d in "0123456789") == 1


@given(st.integers(min_value=0, max_value=9_999_999))
def test_demo_siret_valid_for_any_index(index: int) -> None:
    siret = demo_siret(index)
    assert len(siret) == 14 and luhn_valid(siret) and luhn_valid(siret[:9])


def test_luhn_known_values() -> None:
    assert luhn_valid("73282932000074")  # a published SIRET (INSEE's own example)
    assert not luhn_valid("73282932000075")


@pytest.mark.shared_data
def test_built_in_codes_are_real(shared_data: Path) -> None:
    """Every NAF, ROME, legal-category and size-band code of the tables is an official one."""
    import csv

    from maillage_core import demo_tables as t

    def column(relpath: str, name: str) -> set[str]:
        with (shared_data / relpath).open(encoding="utf-8") as fh:
            return {row[name] for row in csv.DictReader(fh)}

    naf = column("naf/naf_rev2_tous_niveaux.csv", "code")
    ours = {c for c, _ in t.DEFAULT_DIGITAL_NAF}
    for table in (t.CLIENT_NAF, t.KIND_NAF, t.DOMAIN_NAF):
        ours |= {c for codes in table.values() for c in codes}
    assert ours <= naf, ours - naf
    digital = column("naf/naf_secteur_numerique.csv", "code_naf")
    assert {c for codes in t.DOMAIN_NAF.values() for c in codes} <= digital
    assert {c for c, _ in t.DEFAULT_DIGITAL_NAF} <= digital
    rome = column("rome/rome4_m18_fiches.csv", "code_rome")
    assert {c for codes in t.DOMAIN_ROME.values() for c in codes} <= rome
    legal = column("sirene/categories_juridiques_insee.csv", "code")
    assert {c for codes in t.KIND_LEGAL.values() for c in codes} <= legal
    bands = column("sirene/tranches_effectifs_insee.csv", "code_tranche")
    assert {b for rows in t.SIZE_BANDS.values() for b, _ in rows} <= bands


def test_provider_names_never_repeat_the_suffix() -> None:
    import itertools
    import random

    from maillage_core.demo_text import DOMAIN_NAME_WORDS, provider_name

    rng = random.Random(7)
    for domain in DOMAIN_NAME_WORDS:
        for _ in range(300):
            words = provider_name(rng, domain).split()
            assert all(a != b for a, b in itertools.pairwise(words)), words
