"""A small hand-written directory for the engine and CLI tests (indexed for real)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maillage.directory.models import (
    Domain,
    Label,
    MembershipStatus,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.matching import adapters
from maillage.matching.models import ResponderCommitment
from maillage.opendata.models import Commune
from maillage.search import lexicon as search_lexicon
from maillage_core.catalogue import DOMAINS, LABELS
from tests.matching import evalset_db

# key: (name, commune, domains, labels, skills, description, member, siren)
ORGS: dict[str, tuple[str, str, list[str], list[str], list[str], str, bool, str]] = {
    "cyber_caen": (
        "Rempart Incident", "14118", ["cybersecurite"], ["expertcyber", "pris"],
        ["réponse à incident", "rançongiciel"],
        "Réponse à incident à Caen : restauration après rançongiciel, astreinte 24h/24.",
        True, "111111111",
    ),
    "cyber_rouen": (
        "Vigie Audit", "76540", ["cybersecurite"], ["passi"],
        ["audit de sécurité", "test d'intrusion"],
        "Cabinet d'audit PASSI à Rouen : tests d'intrusion, audits de configuration.",
        True, "222222222",
    ),
    "cyber_paris": (
        "Cyber Capitale", "75056", ["cybersecurite"], ["pris"],
        ["réponse à incident"],
        "Réponse à incident et investigation numérique depuis Paris.",
        False, "333333333",
    ),
    "web_rouen": (
        "Atelier Boutique Web", "76540", ["web"], [],
        ["site e-commerce", "boutique en ligne"],
        "Agence web à Rouen : sites e-commerce et boutiques en ligne pour commerçants.",
        True, "444444444",
    ),
    "web_caen": (
        "Pixels Caennais", "14118", ["web"], [],
        ["site vitrine", "référencement"],
        "Sites vitrines et référencement naturel pour les artisans du Calvados.",
        False, "555555555",
    ),
    "ia_evreux": (
        "Neurone Industrie", "27229", ["ia"], [],
        ["maintenance prédictive", "apprentissage automatique"],
        "Intelligence artificielle pour l'industrie : maintenance prédictive des machines.",
        True, "666666666",
    ),
    "ia_lehavre": (
        "Data Estuaire", "76351", ["data"], [],
        ["analyse de données", "tableaux de bord"],
        "Analyse de données et tableaux de bord pour les PME portuaires.",
        False, "777777777",
    ),
    "formation_caen": (
        "Campus Numérique Caen", "14118", ["formation"], ["qualiopi"],
        ["formation cybersécurité"],
        "Organisme de formation : sensibilisation à la cybersécurité, formations certifiantes.",
        False, "888888888",
    ),
}  # fmt: skip


def build_directory() -> dict[str, Organisation]:
    evalset_db.load_places()
    for d in DOMAINS:
        Domain.objects.update_or_create(slug=d.slug, defaults={"label": d.label})
    for lbl in LABELS:
        Label.objects.update_or_create(slug=lbl.slug, defaults={"name": lbl.name})
    communes = {c.insee: c for c in Commune.objects.all()}
    out: dict[str, Organisation] = {}
    for key, (name, insee, domains, labels, skills, text, member, siren) in ORGS.items():
        commune = communes[insee]
        org = Organisation.objects.create(
            name=name,
            siren=siren,
            siret=siren + "00012",
            source="test",
            external_id=key,
            kind="training_body" if key.startswith("formation") else "company",
            description=text,
            commune=commune,
            department_code=commune.department_id,
            region_code=commune.region_id,
            hq_region_code=commune.region_id,
            latitude=commune.latitude,
            longitude=commune.longitude,
            size_band="11",
            membership=MembershipStatus.MEMBER if member else MembershipStatus.NONE,
        )
        org.domains.set(Domain.objects.filter(slug__in=domains))
        for slug in labels:
            OrganisationLabel.objects.create(organisation=org, label_id=slug)
        for i, skill in enumerate(skills):
            OrganisationSkill.objects.create(
                organisation=org, taxonomy="esco", code=f"t{i}", label=skill
            )
        out[key] = org
    for key, minutes in (("cyber_caen", 120), ("cyber_paris", 60)):
        ResponderCommitment.objects.create(
            organisation=out[key],
            incident_types=["ransomware"],
            response_time_minutes=minutes,
            max_distance_km=150,
        )
    return out


def reindex() -> None:
    from maillage.search.services import index_rebuild

    index_rebuild()


def use_fresh_index(settings: Any, tmp_path: Path) -> None:
    """An empty index directory of the test's own, and no cached lexicon or gazetteer."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    search_lexicon.reset_lexicon()
    adapters.caches_reset()


def indexed_directory(settings: Any, tmp_path: Path) -> dict[str, Organisation]:
    use_fresh_index(settings, tmp_path)
    orgs = build_directory()
    reindex()
    return orgs
