"""A deterministic, fictitious Normandy ecosystem for demonstrations (`maillage demo`).

Pure: the caller passes the real reference data (communes, digital NAF codes, ROME fiches)
as frozen dataclasses, a seed and `today`; `generate` returns frozen dataclasses that the
Django side writes. Organisation *i* is drawn from its own `random.Random(f"{seed}:{i}")`,
so a record depends only on (seed, i, inputs): re-running updates in place, and a smaller
`count` yields a prefix of the larger ecosystem (names are de-duplicated in index order).

Places are real communes drawn with probability proportional to population**alpha
(alpha > 1 for digital providers, which cluster in Caen, Rouen, Le Havre…; alpha < 1 for
tiers-lieux, which the region wants everywhere). SIRETs carry a valid Luhn key.
"""

from __future__ import annotations

__all__ = [
    "CommuneRef",
    "DemoContact",
    "DemoEcosystem",
    "DemoInputs",
    "DemoLabel",
    "DemoOrganisation",
    "DemoSkill",
    "DemoUser",
    "NafRef",
    "RomeRef",
    "demo_siret",
    "generate",
    "luhn_complete",
    "luhn_valid",
]

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from maillage_core import demo_text as txt
from maillage_core.catalogue import LabelDef
from maillage_core.demo_tables import (
    CLIENT_NAF,
    DEFAULT_DIGITAL_NAF,
    DEFAULT_LABEL_DAYS,
    DOMAIN_NAF,
    DOMAIN_ROME,
    FICTION_PHONE_PREFIXES,
    FOREIGN_COUNTRIES,
    KIND_LEGAL,
    KIND_MIX,
    KIND_NAF,
    LABEL_DAYS,
    LARGE_BANDS,
    OTHER_FR_REGIONS,
    PROVIDER_DOMAIN_WEIGHTS,
    RELATED_DOMAINS,
    SIZE_BANDS,
)
from maillage_core.demo_types import (
    CommuneRef,
    DemoContact,
    DemoEcosystem,
    DemoInputs,
    DemoLabel,
    DemoOrganisation,
    DemoSkill,
    DemoUser,
    NafRef,
    RomeRef,
)
from maillage_core.sirene import luhn_complete, luhn_valid


def demo_siret(index: int) -> str:
    """A Luhn-valid SIRET that depends on the index only: SIREN 9xxxxxxxC, NIC 0001C.

    Stable across seeds, so re-running with another seed never swaps SIRETs between
    records (the SIRET column is unique).
    """
    siren = luhn_complete(f"9{index:07d}")
    return luhn_complete(siren + "0001")


# Stands for the provider's name in its description until generate() de-duplicates names.
_NAME = "\x00NAME\x00"


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick_weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in items)
    x = rng.random() * total
    for value, weight in items:
        x -= weight
        if x < 0:
            return value
    return items[-1][0]


class _Places:
    """Communes with cumulative weights population**alpha, one table per alpha."""

    def __init__(self, communes: tuple[CommuneRef, ...]) -> None:
        # Ties broken by INSEE code: the input order does not change the draw.
        self.communes = tuple(sorted(communes, key=lambda c: c.insee))
        self._tables: dict[float, list[float]] = {}

    def pick(self, rng: random.Random, alpha: float) -> CommuneRef:
        table = self._tables.get(alpha)
        if table is None:
            table = _cumulative([max(c.population, 1) ** alpha for c in self.communes])
            self._tables[alpha] = table
        x = rng.random() * table[-1]
        return self.communes[min(bisect.bisect_right(table, x), len(self.communes) - 1)]


def generate(inputs: DemoInputs, *, seed: int, count: int, today: date) -> DemoEcosystem:
    """The ecosystem for (inputs, seed, count, today); raises ValueError on empty communes."""
    if not inputs.communes:
        raise ValueError("no communes: the demo needs the geo open data")
    if count < 0:
        raise ValueError("count must be >= 0")
    places = _Places(inputs.communes)
    digital = inputs.digital_naf or tuple(NafRef(c, lbl) for c, lbl in DEFAULT_DIGITAL_NAF)
    rome = {r.code: r.label for r in inputs.rome}
    labels = {lbl.slug: lbl for lbl in inputs.labels}
    kinds = [(k, share) for k, share, _, _ in KIND_MIX]
    orgs: list[DemoOrganisation] = []
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    city = {c.insee: c.name for c in places.communes}
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        profile = _pick_weighted(rng, kinds)
        org = _organisation(rng, i, profile, places, digital, rome, labels, today)
        name = _unique(org.name, city[org.commune_insee], used_names)
        slug = _unique_slug(txt.ascii_slug(name), used_slugs)
        orgs.append(
            replace(
                org,
                name=name,
                website=f"https://{slug}.example",
                description=org.description.replace(_NAME, name),
            )
        )
    return DemoEcosystem(organisations=tuple(orgs), users=_users(orgs))


def _unique(name: str, city: str, used: set[str]) -> str:
    """First come keeps the name; later ones get their city, then a site number."""
    core = city.split(" ", 1)[1] if city.startswith(("Le ", "La ", "Les ")) else city
    base = name if core in name else f"{name} {city}"
    candidate, n = name, 2
    if candidate in used:
        candidate = base
    while candidate in used:
        candidate = f"{base} — site {n}"
        n += 1
    used.add(candidate)
    return candidate


def _unique_slug(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _organisation(
    rng: random.Random,
    index: int,
    profile: str,
    places: _Places,
    digital: tuple[NafRef, ...],
    rome: dict[str, str],
    labels: dict[str, LabelDef],
    today: date,
) -> DemoOrganisation:
    alpha = next(a for k, _, a, _ in KIND_MIX if k == profile)
    rates = next(r for k, _, _, r in KIND_MIX if k == profile)
    commune = places.pick(rng, alpha)
    city = commune.name
    size_band = _pick_weighted(rng, SIZE_BANDS[profile])
    created_on = _created_on(rng, profile, today)
    domains: tuple[str, ...]
    if profile == "provider":
        main = _pick_weighted(rng, PROVIDER_DOMAIN_WEIGHTS)
        extra = rng.choices((0, 1, 2), weights=(40, 40, 20))[0]
        domains = (main, *rng.sample(RELATED_DOMAINS[main], k=extra))
        name = txt.provider_name(rng, main)
        naf = _provider_naf(rng, main, digital)
        description = txt.describe_provider(
            rng,
            name=_NAME,
            domains=domains,
            city=city,
            dept_name=commune.department_name,
            year=created_on.year,
        )
    elif profile == "client":
        prefix, forms, activity, needs = rng.choice(txt.CLIENT_SECTORS)
        domains = ()
        name = _fill(rng, rng.choice(forms), city)
        naf = rng.choice(CLIENT_NAF[prefix])
        description = txt.describe_client(rng, activity=activity, needs=needs, city=city)
    else:
        domains = _other_domains(rng, profile)
        forms = {
            "school": txt.SCHOOL_FORMS,
            "training_body": txt.TRAINING_FORMS,
            "lab": txt.LAB_FORMS,
            "public_body": txt.PUBLIC_FORMS,
            "association": txt.ASSOCIATION_FORMS,
            "tiers_lieu": txt.TIERS_LIEU_FORMS,
        }[profile]
        name = _fill(rng, rng.choice(forms), city)
        naf = rng.choice(KIND_NAF[profile])
        spec_domain = next((d for d in domains if d in txt.SPECIALITIES), "logiciel")
        spec = " et ".join(rng.sample(txt.SPECIALITIES[spec_domain], k=2))
        description = rng.choice(txt.OTHER_DESCRIPTIONS[profile]).format(
            spec=spec, **txt.place_words(city)
        )
    hq_country, hq_region = _head_office(rng, profile)
    kind = "company" if profile in {"provider", "client"} else profile
    label_rows = _labels(rng, kind, domains, size_band, created_on, labels, today, index)
    x = rng.random()
    membership = (
        "member"
        if x < rates[0]
        else "prospect"
        if x < rates[0] + rates[1]
        else "former"
        if x < sum(rates)
        else "none"
    )
    return DemoOrganisation(
        external_id=f"demo-{index:05d}",
        siret=demo_siret(index),
        name=name,
        kind=kind,
        naf_code=naf,
        size_band=size_band,
        legal_category=rng.choice(KIND_LEGAL[profile]),
        is_head_office=hq_region == "28",
        created_on=created_on,
        address=f"{rng.randint(1, 120)} {rng.choice(txt.STREETS)}",
        postcode=commune.postcode,
        commune_insee=commune.insee,
        department_code=commune.department_code,
        region_code=commune.region_code,
        epci_siren=commune.epci_siren,
        latitude=None if commune.latitude is None else round(commune.latitude + _jitter(rng), 6),
        longitude=None if commune.longitude is None else round(commune.longitude + _jitter(rng), 6),
        hq_country=hq_country,
        hq_region_code=hq_region,
        website="",
        description=description,
        membership=membership,
        domains=domains,
        labels=label_rows,
        skills=_skills(rng, domains, rome),
        contacts=_contacts(rng, index, 1 if profile == "tiers_lieu" else rng.randint(1, 2)),
    )


def _jitter(rng: random.Random) -> float:
    return (rng.random() - 0.5) * 0.016  # about ±600 m around the commune centroid


def _fill(rng: random.Random, form: str, city: str) -> str:
    root = rng.choice(txt.NAME_ROOTS)
    return form.format(
        **txt.place_words(city),
        root=root,
        de_root=txt.of_place(root),
        family=rng.choice(txt.LAST_NAMES),
        acronym="".join(rng.choice("ABCDEGILMNRST") for _ in range(rng.randint(3, 5))),
    )


def _created_on(rng: random.Random, profile: str, today: date) -> date:
    mean_age = {"provider": 9.0, "client": 22.0, "tiers_lieu": 5.0}.get(profile, 25.0)
    age_days = int(min(rng.expovariate(1 / mean_age), 60.0) * 365) + 30
    return today - timedelta(days=age_days)


def _provider_naf(rng: random.Random, domain: str, digital: tuple[NafRef, ...]) -> str:
    available = {n.code for n in digital}
    preferred = [c for c in DOMAIN_NAF.get(domain, ()) if c in available]
    if preferred and rng.random() < 0.95:
        return rng.choice(preferred)
    return rng.choice(sorted(available))


def _other_domains(rng: random.Random, profile: str) -> tuple[str, ...]:
    tech = ("logiciel", "cybersecurite", "data", "ia", "web", "infogerance", "cloud", "iot")
    if profile in {"school", "training_body"}:
        return ("formation", *rng.sample(tech, k=rng.randint(1, 2)))
    if profile == "lab":
        return tuple(rng.sample(("ia", "data", "iot", "cybersecurite"), k=rng.randint(1, 2)))
    if profile in {"association", "tiers_lieu"}:
        return ("mediation", *(("formation",) if rng.random() < 0.3 else ()))
    return ()  # public bodies are buyers, not providers


def _head_office(rng: random.Random, profile: str) -> tuple[str, str]:
    if profile not in {"provider", "client"}:
        return "FR", "28"
    x = rng.random()
    if x < 0.85:
        return "FR", "28"
    if x < 0.93:
        return "FR", "11"  # a Paris group with an agency here
    if x < 0.97:
        return "FR", rng.choice(OTHER_FR_REGIONS)
    return rng.choice(FOREIGN_COUNTRIES), ""


def _labels(
    rng: random.Random,
    kind: str,
    domains: tuple[str, ...],
    size_band: str,
    created_on: date,
    known: dict[str, LabelDef],
    today: date,
    index: int,
) -> tuple[DemoLabel, ...]:
    """Labels by rule; every label's catalogue domain is one of the organisation's domains."""
    chances: list[tuple[str, float]] = []
    large = size_band in LARGE_BANDS
    young = (today - created_on).days < 8 * 365
    if kind == "company" and "cybersecurite" in domains:
        main = domains[0] == "cybersecurite"
        chances += [("expertcyber", 0.35 if main else 0.2), ("iso27001", 0.15)]
        if main and large:
            chances += [("passi", 0.25), ("pris", 0.15), ("pdis", 0.1)]
    if kind == "company" and "cloud" in domains:
        chances += [("hds", 0.1)] + ([("secnumcloud", 0.1)] if large else [])
    if kind == "company" and "conseil" in domains:
        chances.append(("francenum", 0.25))
    if kind == "company" and "logiciel" in domains and young:
        chances += [("jei", 0.12), ("frenchtech", 0.06)]
    if kind == "training_body":
        chances.append(("qualiopi", 0.85))
    if kind == "school":
        chances.append(("qualiopi", 0.4))
        if "cybersecurite" in domains:
            chances.append(("secnumedu", 0.5))
    out: list[DemoLabel] = []
    for slug, p in chances:
        if rng.random() >= p or slug in {lbl.slug for lbl in out} or slug not in known:
            continue
        if known[slug].domain not in domains:
            continue
        days = LABEL_DAYS.get(slug, DEFAULT_LABEL_DAYS)
        valid_from = today - timedelta(days=rng.randint(30, int(days * 1.15)))
        out.append(
            DemoLabel(
                slug=slug,
                valid_from=valid_from,
                valid_to=valid_from + timedelta(days=days),
                reference=f"{slug.upper()}-{valid_from.year}-{index:05d}",
            )
        )
    return tuple(out)


def _skills(
    rng: random.Random, domains: tuple[str, ...], rome: dict[str, str]
) -> tuple[DemoSkill, ...]:
    codes: list[str] = []
    for d in domains:
        pool = [c for c in DOMAIN_ROME.get(d, ()) if c in rome and c not in codes]
        codes.extend(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))
    return tuple(DemoSkill(code=c, label=rome[c]) for c in codes)


def _contacts(rng: random.Random, index: int, n: int) -> tuple[DemoContact, ...]:
    out: list[DemoContact] = []
    for k in range(n):
        first, last = rng.choice(txt.FIRST_NAMES), rng.choice(txt.LAST_NAMES)
        email = f"{txt.ascii_slug(first)}.{txt.ascii_slug(last)}.{index}-{k + 1}@exemple.test"
        line = f"{rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        phone = f"{rng.choice(FICTION_PHONE_PREFIXES)} {line}"
        out.append(DemoContact(first, last, rng.choice(txt.CONTACT_ROLES), email, phone))
    return tuple(out)


# (username, first name, last name, group, is_staff, is_superuser) of the role users.
_ROLE_USERS = (
    ("demo.admin", "Alix", "Martin", None, True, True),
    ("demo.reseau", "Claire", "Delaunay", "network_staff", True, False),
    ("demo.programme", "Karim", "Benali", "programme_staff", False, False),
    ("demo.partenaire", "Hélène", "Quesnel", "partner", False, False),
)
_MEMBER_NAMES = (("Julie", "Lemarchand"), ("Yann", "Osmont"))


def _users(orgs: Sequence[DemoOrganisation]) -> tuple[DemoUser, ...]:
    """One user per role; two member users on the first two distinct member companies."""
    users = [
        DemoUser(u, first, last, f"{u}@exemple.test", group, staff, sup)
        for u, first, last, group, staff, sup in _ROLE_USERS
    ]
    members = [o for o in orgs if o.membership == "member" and o.kind == "company" and o.domains]
    for n, (org, (first, last)) in enumerate(zip(members, _MEMBER_NAMES, strict=False), start=1):
        u = f"demo.membre{n}"
        users.append(
            DemoUser(u, first, last, f"{u}@exemple.test", None, False, False, org.external_id)
        )
    return tuple(users)
