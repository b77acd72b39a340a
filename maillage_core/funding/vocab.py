"""Controlled vocabularies of the funding watch, with their French labels.

Each vocabulary is a `StrEnum` whose value is a stable slug (stored in the database, used in
URLs and in the staff CSV template) and whose `label` is the French wording shown to users.
`*_ALIASES` map the wordings used by sources (Aides-territoires, provider APIs, staff) to a slug;
`lookup()` folds accents and case before matching, so "Entreprises privées" and
"entreprises privees" give the same value.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar


class AidType(StrEnum):
    SUBVENTION = "subvention"
    PRET = "pret"
    AVANCE_REMBOURSABLE = "avance_remboursable"
    GARANTIE = "garantie"
    CREDIT_IMPOT = "credit_impot"
    INGENIERIE = "ingenierie"
    PRIX_CONCOURS = "prix_concours"
    AUTRE_FINANCIERE = "autre_financiere"

    @property
    def label(self) -> str:
        return AID_TYPE_LABELS[self]


AID_TYPE_LABELS: dict[AidType, str] = {
    AidType.SUBVENTION: "Subvention",
    AidType.PRET: "Prêt",
    AidType.AVANCE_REMBOURSABLE: "Avance remboursable",
    AidType.GARANTIE: "Garantie",
    AidType.CREDIT_IMPOT: "Crédit d'impôt",
    AidType.INGENIERIE: "Ingénierie / accompagnement",
    AidType.PRIX_CONCOURS: "Prix / concours",
    AidType.AUTRE_FINANCIERE: "Autre aide financière",
}


class Audience(StrEnum):
    TPE = "tpe"
    PME = "pme"
    ETI = "eti"
    GRANDE_ENTREPRISE = "grande_entreprise"
    STARTUP = "startup"
    ENTREPRISE = "entreprise"  # any private company, whatever its size
    ENTREPRISE_PUBLIQUE_LOCALE = "entreprise_publique_locale"
    ASSOCIATION = "association"
    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    COLLECTIVITE_OUTRE_MER = "collectivite_outre_mer"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    RECHERCHE_FORMATION = "recherche_formation"
    AGRICULTEUR = "agriculteur"
    PARTICULIER = "particulier"

    @property
    def label(self) -> str:
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.TPE: "TPE",
    Audience.PME: "PME",
    Audience.ETI: "ETI",
    Audience.GRANDE_ENTREPRISE: "Grandes entreprises",
    Audience.STARTUP: "Startups",
    Audience.ENTREPRISE: "Entreprises privées",
    Audience.ENTREPRISE_PUBLIQUE_LOCALE: "Entreprises publiques locales (Sem, Spl, SemOp)",
    Audience.ASSOCIATION: "Associations",
    Audience.COMMUNE: "Communes",
    Audience.EPCI: "Intercommunalités",
    Audience.DEPARTEMENT: "Départements",
    Audience.REGION: "Régions",
    Audience.COLLECTIVITE_OUTRE_MER: "Collectivités d'outre-mer à statut particulier",
    Audience.ETABLISSEMENT_PUBLIC: "Établissements publics / services de l'État",
    Audience.RECHERCHE_FORMATION: "Établissements de recherche ou de formation",
    Audience.AGRICULTEUR: "Agriculteurs",
    Audience.PARTICULIER: "Particuliers",
}

# Audiences that are companies: a call open to `ENTREPRISE` is open to all of them.
COMPANY_AUDIENCES: frozenset[Audience] = frozenset(
    {
        Audience.TPE,
        Audience.PME,
        Audience.ETI,
        Audience.GRANDE_ENTREPRISE,
        Audience.STARTUP,
        Audience.ENTREPRISE,
    }
)


class Recurrence(StrEnum):
    PONCTUELLE = "ponctuelle"
    PERMANENTE = "permanente"
    RECURRENTE = "recurrente"

    @property
    def label(self) -> str:
        return RECURRENCE_LABELS[self]


RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.PONCTUELLE: "Ponctuelle",
    Recurrence.PERMANENTE: "Permanente",
    Recurrence.RECURRENTE: "Récurrente",
}


class Theme(StrEnum):
    NUMERIQUE = "numerique"
    IA = "ia"
    CYBERSECURITE = "cybersecurite"
    DATA = "data"
    INNOVATION_RD = "innovation_rd"
    INDUSTRIE_FUTUR = "industrie_futur"
    FORMATION_COMPETENCES = "formation_competences"
    EXPORT = "export"
    TRANSITION_ECOLOGIQUE = "transition_ecologique"
    ENERGIE = "energie"
    MOBILITE = "mobilite"
    AMENAGEMENT_URBANISME = "amenagement_urbanisme"
    HABITAT_LOGEMENT = "habitat_logement"
    CULTURE_PATRIMOINE = "culture_patrimoine"
    SOLIDARITE_SANTE = "solidarite_sante"
    AGRICULTURE_ALIMENTATION = "agriculture_alimentation"
    TOURISME = "tourisme"
    CREATION_REPRISE = "creation_reprise"
    EMPLOI = "emploi"

    @property
    def label(self) -> str:
        return THEME_LABELS[self]


THEME_LABELS: dict[Theme, str] = {
    Theme.NUMERIQUE: "Numérique",
    Theme.IA: "Intelligence artificielle",
    Theme.CYBERSECURITE: "Cybersécurité",
    Theme.DATA: "Données",
    Theme.INNOVATION_RD: "Innovation, R&D",
    Theme.INDUSTRIE_FUTUR: "Industrie du futur",
    Theme.FORMATION_COMPETENCES: "Formation, compétences",
    Theme.EXPORT: "Export, international",
    Theme.TRANSITION_ECOLOGIQUE: "Transition écologique",
    Theme.ENERGIE: "Énergie",
    Theme.MOBILITE: "Mobilité",
    Theme.AMENAGEMENT_URBANISME: "Aménagement, urbanisme",
    Theme.HABITAT_LOGEMENT: "Habitat, logement",
    Theme.CULTURE_PATRIMOINE: "Culture, patrimoine",
    Theme.SOLIDARITE_SANTE: "Solidarités, santé",
    Theme.AGRICULTURE_ALIMENTATION: "Agriculture, alimentation",
    Theme.TOURISME: "Tourisme",
    Theme.CREATION_REPRISE: "Création, reprise d'entreprise",
    Theme.EMPLOI: "Emploi",
}


class PerimeterKind(StrEnum):
    """Levels of the perimeter hierarchy, smallest first (commune ⊂ EPCI ⊂ … ⊂ EU)."""

    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    FRANCE = "france"
    EUROPE = "europe"

    @property
    def label(self) -> str:
        return PERIMETER_KIND_LABELS[self]


PERIMETER_KIND_LABELS: dict[PerimeterKind, str] = {
    PerimeterKind.COMMUNE: "Commune",
    PerimeterKind.EPCI: "Intercommunalité",
    PerimeterKind.DEPARTEMENT: "Département",
    PerimeterKind.REGION: "Région",
    PerimeterKind.FRANCE: "France",
    PerimeterKind.EUROPE: "Europe",
}


def fold(text: str) -> str:
    """Lowercase, strip accents (NFKD then drop combining marks), unify apostrophes and spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


# Source wordings -> slug. Keys are folded with `fold`; slugs and French labels are added below.
AID_TYPE_ALIASES: dict[str, AidType] = {
    "grant": AidType.SUBVENTION,
    "subventions": AidType.SUBVENTION,
    "loan": AidType.PRET,
    "pret d'honneur": AidType.PRET,
    "prets": AidType.PRET,
    "avance recuperable": AidType.AVANCE_REMBOURSABLE,
    "recoverable_advance": AidType.AVANCE_REMBOURSABLE,
    "garantie bancaire": AidType.GARANTIE,
    "credit d'impot": AidType.CREDIT_IMPOT,
    "ingenierie technique": AidType.INGENIERIE,
    "ingenierie financiere": AidType.INGENIERIE,
    "ingenierie juridique / administrative": AidType.INGENIERIE,
    "ingenierie de planification et strategie": AidType.INGENIERIE,
    "ingenierie d'etudes et diagnostiques": AidType.INGENIERIE,
    "amoa / mod": AidType.INGENIERIE,
    "moe / moe deleguee": AidType.INGENIERIE,
    "accompagnement": AidType.INGENIERIE,
    "prix": AidType.PRIX_CONCOURS,
    "concours": AidType.PRIX_CONCOURS,
    "certificat d'economie d'energie (cee)": AidType.AUTRE_FINANCIERE,
    "autre": AidType.AUTRE_FINANCIERE,
}

AUDIENCE_ALIASES: dict[str, Audience] = {
    # Aides-territoires wordings (aids/constants.py AUDIENCES) and provider variants
    "intercommunalites / pays": Audience.EPCI,
    "epci a fiscalite propre": Audience.EPCI,
    "collectivites d'outre-mer a statuts particuliers": Audience.COLLECTIVITE_OUTRE_MER,
    "etablissements publics (ecoles, bibliotheques...) / services de l'etat": (
        Audience.ETABLISSEMENT_PUBLIC
    ),
    "etablissements publics (ecoles, bibliotheques...)": Audience.ETABLISSEMENT_PUBLIC,
    "collectivite ou etablissement public": Audience.ETABLISSEMENT_PUBLIC,
    "entreprises": Audience.ENTREPRISE,
    "entreprise": Audience.ENTREPRISE,
    "private_sector": Audience.ENTREPRISE,
    "recherche": Audience.RECHERCHE_FORMATION,
    "researcher": Audience.RECHERCHE_FORMATION,
    "association": Audience.ASSOCIATION,
    "particulier": Audience.PARTICULIER,
    "commune": Audience.COMMUNE,
    "grandes entreprises": Audience.GRANDE_ENTREPRISE,
    "grande entreprise": Audience.GRANDE_ENTREPRISE,
    "start-up": Audience.STARTUP,
    "start-ups": Audience.STARTUP,
    "startup": Audience.STARTUP,
}

RECURRENCE_ALIASES: dict[str, Recurrence] = {
    "oneoff": Recurrence.PONCTUELLE,
    "ongoing": Recurrence.PERMANENTE,
    "recurring": Recurrence.RECURRENTE,
}

THEME_ALIASES: dict[str, Theme] = {
    "intelligence artificielle": Theme.IA,
    "cyber": Theme.CYBERSECURITE,
    "donnees": Theme.DATA,
    "innovation": Theme.INNOVATION_RD,
    "r&d": Theme.INNOVATION_RD,
    "formation": Theme.FORMATION_COMPETENCES,
    "international": Theme.EXPORT,
    "environnement": Theme.TRANSITION_ECOLOGIQUE,
}

E = TypeVar("E", bound=StrEnum)


_INDEXES: dict[type[StrEnum], dict[str, StrEnum]] = {}


def _index(enum: type[E], labels: dict[E, str], aliases: dict[str, E]) -> dict[str, E]:
    """Folded slug / label / alias -> value, built once per vocabulary (lookups are hot in
    imports: every row has several labels)."""
    index = _INDEXES.get(enum)
    if index is None:
        built: dict[str, StrEnum] = dict(aliases)
        for member in enum:
            built[fold(member.value)] = member
            built[fold(labels[member])] = member
        _INDEXES[enum] = index = built
    return index  # type: ignore[return-value] # built from `enum`'s own members above


def lookup(enum: type[E], labels: dict[E, str], aliases: dict[str, E], text: str) -> E | None:
    """The value whose slug, French label or alias folds to `fold(text)`, else None."""
    key = _fold_cached(text)
    if not key:
        return None
    return _index(enum, labels, aliases).get(key)


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    return fold(text)
