"""Themes, audiences and aid types of a call from its text, explained by the words matched.

A label is assigned when one of its phrases occurs in the text. Both the phrases and the text
go through `maillage_core.text.analyse` (accents folded, elisions and stop words removed,
plurals and suffixes stemmed), and a phrase matches when its tokens appear *contiguously* in
the text's tokens, so "cybersécurité" matches "Cybersecurite", and "intelligence artificielle"
does not match "intelligence … artificielle" three words apart. The evidence kept for each
label is the list of lexicon phrases found (in their written form), most frequent first.

Classification only fills what a source left empty (`enrich`); labels given by a source win.
Precision and recall on the labelled Aides-territoires sample are measured by the tests and
reported in docs/funding.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Generic, TypeVar

from maillage_core.funding.types import CallRecord
from maillage_core.funding.vocab import AidType, Audience, Theme
from maillage_core.text import analyse

L = TypeVar("L", bound=StrEnum)

THEME_LEXICON: dict[Theme, tuple[str, ...]] = {
    Theme.NUMERIQUE: (
        "numérique",
        "digital",
        "digitalisation",
        "transformation numérique",
        "site internet",
        "e-commerce",
        "logiciel",
        "informatique",
        "dématérialisation",
        "très haut débit",
        "fibre optique",
        "outils numériques",
        "inclusion numérique",
        "usages numériques",
    ),
    Theme.IA: (
        "intelligence artificielle",
        "IA",
        "machine learning",
        "apprentissage automatique",
        "deep learning",
        "IA générative",
        "vision par ordinateur",
    ),
    Theme.CYBERSECURITE: (
        "cybersécurité",
        "cyber",
        "sécurité informatique",
        "sécurité des systèmes d'information",
        "cyberattaque",
        "rançongiciel",
        "ANSSI",
        "cybermalveillance",
    ),
    Theme.DATA: (
        "données ouvertes",
        "open data",
        "big data",
        "data",
        "valorisation des données",
        "science des données",
        "gestion des données",
        "plateforme de données",
    ),
    Theme.INNOVATION_RD: (
        "innovation",
        "innovant",
        "innovante",
        "recherche et développement",
        "prototype",
        "brevet",
        "preuve de concept",
        "deeptech",
        "expérimentation",
    ),
    Theme.INDUSTRIE_FUTUR: (
        "industrie du futur",
        "industrie 4.0",
        "robotique",
        "robotisation",
        "automatisation",
        "cobot",
        "fabrication additive",
        "impression 3D",
        "jumeau numérique",
        "modernisation de l'outil de production",
    ),
    Theme.FORMATION_COMPETENCES: (
        "formation",
        "se former",
        "compétences",
        "montée en compétences",
        "reconversion",
        "alternance",
        "apprentissage",
    ),
    Theme.EXPORT: (
        "export",
        "exportation",
        "international",
        "prospection internationale",
        "marchés étrangers",
        "salon international",
    ),
    Theme.TRANSITION_ECOLOGIQUE: (
        "transition écologique",
        "environnement",
        "environnemental",
        "biodiversité",
        "économie circulaire",
        "décarbonation",
        "climat",
        "climatique",
        "écoconception",
        "déchets",
        "développement durable",
        "sobriété",
        "pollution",
        "eau potable",
        "assainissement",
        "milieux naturels",
    ),
    Theme.ENERGIE: (
        "énergie",
        "énergétique",
        "énergies renouvelables",
        "photovoltaïque",
        "chaleur",
        "efficacité énergétique",
        "rénovation énergétique",
        "éclairage public",
        "hydrogène",
        "biomasse",
        "géothermie",
        "méthanisation",
    ),
    Theme.MOBILITE: (
        "mobilité",
        "transport",
        "vélo",
        "covoiturage",
        "sécurité routière",
        "aménagements routiers",
        "borne de recharge",
        "cyclable",
    ),
    Theme.AMENAGEMENT_URBANISME: (
        "aménagement",
        "urbanisme",
        "centre-ville",
        "centre-bourg",
        "friche",
        "espace public",
        "espaces publics",
        "foncier",
        "revitalisation",
        "zone d'activités",
        "paysage",
        "planification",
    ),
    Theme.HABITAT_LOGEMENT: (
        "logement",
        "habitat",
        "copropriété",
        "logement social",
        "ANAH",
        "logements vacants",
    ),
    Theme.CULTURE_PATRIMOINE: (
        "culture",
        "culturel",
        "patrimoine",
        "monument",
        "musée",
        "bibliothèque",
        "spectacle",
        "artistique",
        "architecture",
    ),
    Theme.SOLIDARITE_SANTE: (
        "santé",
        "solidarité",
        "insertion",
        "handicap",
        "personnes âgées",
        "vieillissement",
        "enfance",
        "jeunesse",
        "lien social",
        "action sociale",
        "médico-social",
    ),
    Theme.AGRICULTURE_ALIMENTATION: (
        "agriculture",
        "agricole",
        "alimentation",
        "alimentaire",
        "circuits courts",
        "forêt",
        "agriculteur",
        "produits locaux",
    ),
    Theme.TOURISME: ("tourisme", "touristique", "hébergement touristique"),
    Theme.CREATION_REPRISE: (
        "création d'entreprise",
        "reprise d'entreprise",
        "créateur d'entreprise",
        "repreneur",
        "transmission d'entreprise",
        "entrepreneuriat",
    ),
    Theme.EMPLOI: ("emploi", "recrutement", "embauche"),
}

AUDIENCE_LEXICON: dict[Audience, tuple[str, ...]] = {
    Audience.TPE: ("TPE", "très petites entreprises", "microentreprise", "micro-entreprise"),
    Audience.PME: ("PME", "petites et moyennes entreprises", "PMI"),
    Audience.ETI: ("ETI", "entreprises de taille intermédiaire"),
    Audience.GRANDE_ENTREPRISE: ("grandes entreprises", "grands groupes"),
    Audience.STARTUP: ("start-up", "startup", "jeune entreprise innovante", "JEI"),
    Audience.ENTREPRISE: (
        "entreprises privées",
        "entreprises éligibles",
        "chefs d'entreprise",
        "sociétés commerciales",
        "artisans",
        "commerçants",
    ),
    Audience.ENTREPRISE_PUBLIQUE_LOCALE: (
        "SEM",
        "SPL",
        "SemOp",
        "société d'économie mixte",
        "entreprises publiques locales",
    ),
    Audience.ASSOCIATION: ("association", "associatif"),
    Audience.COMMUNE: (
        "commune",
        "communes",
        "collectivité",
        "collectivités",
        "municipalité",
        "maire",
        "élus",
        "collectivités territoriales",
        "centre-bourg",
    ),
    Audience.EPCI: (
        "intercommunalité",
        "EPCI",
        "communauté de communes",
        "communauté d'agglomération",
        "métropole",
        "PETR",
        "syndicat intercommunal",
        "collectivités",
        "collectivité",
    ),
    # not "départements"/"régions": stemmed, they match "la Région" as a funder
    Audience.DEPARTEMENT: ("conseils départementaux",),
    Audience.REGION: ("conseils régionaux",),
    Audience.COLLECTIVITE_OUTRE_MER: ("outre-mer", "collectivités d'outre-mer"),
    Audience.ETABLISSEMENT_PUBLIC: (
        "établissement public",
        "établissements publics",
        "services de l'État",
        "bailleurs sociaux",
        "hôpital",
    ),
    Audience.RECHERCHE_FORMATION: (
        "laboratoire",
        "laboratoires de recherche",
        "université",
        "enseignement supérieur",
        "organisme de recherche",
        "organisme de formation",
        "établissement de formation",
    ),
    Audience.AGRICULTEUR: ("agriculteur", "exploitation agricole", "exploitants agricoles"),
    Audience.PARTICULIER: (
        "particuliers",
        "propriétaires occupants",
        "ménages",
        "locataires",
    ),
}

AID_TYPE_LEXICON: dict[AidType, tuple[str, ...]] = {
    AidType.SUBVENTION: (
        "subvention",
        "aide financière",
        "taux d'aide",
        "dotation",
        "fonds de concours",
        "financement",
        "cofinancement",
        "taux maximum",
    ),
    AidType.PRET: ("prêt", "prêt à taux zéro", "prêt d'honneur", "emprunt"),
    AidType.AVANCE_REMBOURSABLE: ("avance remboursable", "avance récupérable"),
    AidType.GARANTIE: ("garantie bancaire", "garantie de prêt", "fonds de garantie"),
    AidType.CREDIT_IMPOT: ("crédit d'impôt", "crédit impôt recherche", "crédit impôt innovation"),
    AidType.INGENIERIE: (
        "accompagnement",
        "accompagner",
        "conseil",
        "ingénierie",
        "assistance à maîtrise",
        "AMO",
        "diagnostic",
        "expertise",
        "étude",
        "appui technique",
        "appui",
        "assistance",
        "conseils",
        "accompagne",
    ),
    AidType.PRIX_CONCOURS: ("concours", "trophées", "lauréat", "prix de l'innovation"),
    AidType.AUTRE_FINANCIERE: (
        "certificats d'économies d'énergie",
        "portage foncier",
        "acquisition foncière",
        "participation financière",
        "prise en charge",
    ),
}

# Acronyms the analyser would break up ("R&D" → ["r"]): spelt out before analysis.
_SPELL_OUT = ((re.compile(r"\bR\s*&\s*D\b", re.IGNORECASE), " recherche développement "),)


def _tokens(text: str) -> list[str]:
    for pattern, replacement in _SPELL_OUT:
        text = pattern.sub(replacement, text)
    return analyse(text)


@dataclass(frozen=True)
class Evidence(Generic[L]):
    """A label and the lexicon phrases that matched it, most frequent first."""

    label: L
    matched: tuple[str, ...]

    def explain(self) -> str:
        name = getattr(self.label, "label", self.label.value)  # our vocabularies' French label
        return f"{name} : {', '.join(self.matched)}"


@dataclass(frozen=True)
class Classification:
    themes: tuple[Evidence[Theme], ...] = ()
    audiences: tuple[Evidence[Audience], ...] = ()
    aid_types: tuple[Evidence[AidType], ...] = ()


@dataclass(frozen=True)
class _Compiled(Generic[L]):
    # first token -> [(phrase tokens, label, written phrase)]
    index: dict[str, tuple[tuple[tuple[str, ...], L, str], ...]]
    order: tuple[L, ...]


def _compile(lexicon: dict[L, tuple[str, ...]]) -> _Compiled[L]:
    index: dict[str, list[tuple[tuple[str, ...], L, str]]] = {}
    seen: set[tuple[L, tuple[str, ...]]] = set()
    for label, phrases in lexicon.items():
        for phrase in phrases:
            tokens = tuple(_tokens(phrase))
            if tokens and (label, tokens) not in seen:  # "export"/"exportation": one stem
                seen.add((label, tokens))
                index.setdefault(tokens[0], []).append((tokens, label, phrase))
    return _Compiled({k: tuple(v) for k, v in index.items()}, tuple(lexicon))


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Compiled[Theme], _Compiled[Audience], _Compiled[AidType]]:
    return _compile(THEME_LEXICON), _compile(AUDIENCE_LEXICON), _compile(AID_TYPE_LEXICON)


def _match(tokens: Sequence[str], compiled: _Compiled[L]) -> tuple[Evidence[L], ...]:
    found: dict[L, Counter[str]] = {}
    for i, token in enumerate(tokens):
        for phrase_tokens, label, phrase in compiled.index.get(token, ()):
            if tuple(tokens[i : i + len(phrase_tokens)]) == phrase_tokens:
                found.setdefault(label, Counter())[phrase] += 1
    return tuple(
        Evidence(label, tuple(p for p, _n in sorted(found[label].items(), key=_by_count)))
        for label in compiled.order
        if label in found
    )


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def classify(text: str) -> Classification:
    """Themes, audiences and aid types found in `text`, each with its evidence, in the
    vocabulary's order."""
    tokens = _tokens(text)
    themes, audiences, aid_types = _compiled()
    return Classification(
        _match(tokens, themes), _match(tokens, audiences), _match(tokens, aid_types)
    )


def record_text(record: CallRecord) -> str:
    return "\n".join((record.title, record.description, *record.source_categories))


def labels(evidence: Iterable[Evidence[L]]) -> tuple[L, ...]:
    return tuple(e.label for e in evidence)


def enrich(record: CallRecord) -> tuple[CallRecord, Classification]:
    """The record with its empty themes / audiences / aid types filled from its text, and the
    classification that explains them. Non-empty fields from the source are kept as they are."""
    found = classify(record_text(record))
    enriched = replace(
        record,
        themes=record.themes or labels(found.themes),
        audiences=record.audiences or labels(found.audiences),
        aid_types=record.aid_types or labels(found.aid_types),
    )
    return enriched, found
