"""The network's own vocabulary: its domains of expertise and the labels it recognises.

Pure data (frozen dataclasses). The directory seeds its Domain and Label tables from
these lists, and the text analysis uses the domain keywords as a synonym lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainDef:
    slug: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class LabelDef:
    slug: str
    name: str
    issuer: str
    description: str
    domain: str  # the domain this label vouches for


DOMAINS: tuple[DomainDef, ...] = (
    DomainDef(
        "ia",
        "Intelligence artificielle",
        (
            "intelligence artificielle",
            "ia",
            "machine learning",
            "apprentissage automatique",
            "deep learning",
            "vision par ordinateur",
            "traitement du langage",
            "llm",
            "maintenance prédictive",
            "chatbot",
            "agent conversationnel",
            "ia générative",
        ),
    ),
    DomainDef(
        "data",
        "Data et décisionnel",
        (
            "data",
            "données",
            "big data",
            "décisionnel",
            "business intelligence",
            "bi",
            "tableau de bord",
            "entrepôt de données",
            "data science",
            "analyse de données",
            "dataviz",
            "data engineering",
        ),
    ),
    DomainDef(
        "cybersecurite",
        "Cybersécurité",
        (
            "cybersécurité",
            "cyber",
            "sécurité informatique",
            "sécurité des systèmes d'information",
            "ssi",
            "pentest",
            "test d'intrusion",
            "audit de sécurité",
            "soc",
            "rançongiciel",
            "ransomware",
            "phishing",
            "hameçonnage",
            "rgpd",
            "réponse à incident",
            "iso 27001",
            "nis2",
        ),
    ),
    DomainDef(
        "cloud",
        "Cloud et hébergement",
        (
            "cloud",
            "hébergement",
            "iaas",
            "paas",
            "saas",
            "datacenter",
            "centre de données",
            "kubernetes",
            "devops",
            "virtualisation",
            "cloud souverain",
        ),
    ),
    DomainDef(
        "web",
        "Web et e-commerce",
        (
            "site web",
            "site internet",
            "e-commerce",
            "commerce en ligne",
            "site marchand",
            "boutique en ligne",
            "référencement",
            "seo",
            "marketing digital",
            "wordpress",
            "prestashop",
            "application web",
            "agence web",
        ),
    ),
    DomainDef(
        "logiciel",
        "Logiciel et développement",
        (
            "logiciel",
            "développement",
            "édition de logiciels",
            "application mobile",
            "développement sur mesure",
            "erp",
            "crm",
            "progiciel",
            "api",
            "intégration",
        ),
    ),
    DomainDef(
        "iot",
        "IoT et industrie 4.0",
        (
            "iot",
            "objets connectés",
            "industrie 4.0",
            "industrie du futur",
            "capteurs",
            "automatisme",
            "robotique",
            "jumeau numérique",
            "mes",
            "supervision industrielle",
            "systèmes embarqués",
            "électronique",
        ),
    ),
    DomainDef(
        "infogerance",
        "Infogérance et réseaux",
        (
            "infogérance",
            "maintenance informatique",
            "support informatique",
            "réseaux",
            "télécoms",
            "infrastructure",
            "parc informatique",
            "sauvegarde",
            "helpdesk",
            "fibre",
            "5g",
        ),
    ),
    DomainDef(
        "ux",
        "UX et design",
        (
            "ux",
            "ui",
            "design",
            "expérience utilisateur",
            "ergonomie",
            "accessibilité",
            "rgaa",
            "design d'interface",
            "prototypage",
        ),
    ),
    DomainDef(
        "formation",
        "Formation au numérique",
        (
            "formation",
            "montée en compétences",
            "certification",
            "apprentissage",
            "alternance",
            "bootcamp",
            "sensibilisation",
            "acculturation",
        ),
    ),
    DomainDef(
        "conseil",
        "Conseil et transformation numérique",
        (
            "conseil",
            "transformation numérique",
            "transformation digitale",
            "stratégie numérique",
            "schéma directeur",
            "amo",
            "assistance à maîtrise d'ouvrage",
            "accompagnement",
        ),
    ),
    DomainDef(
        "mediation",
        "Médiation et inclusion numérique",
        (
            "médiation numérique",
            "inclusion numérique",
            "tiers-lieu",
            "fab lab",
            "fablab",
            "coworking",
            "espace public numérique",
            "illectronisme",
        ),
    ),
)

LABELS: tuple[LabelDef, ...] = (
    LabelDef(
        "expertcyber",
        "ExpertCyber",
        "Cybermalveillance.gouv.fr",
        "Prestataire labellisé pour l'assistance et la sécurisation des TPE/PME et collectivités.",
        "cybersecurite",
    ),
    LabelDef(
        "passi",
        "PASSI",
        "ANSSI",
        "Prestataire d'audit de la sécurité des systèmes d'information qualifié.",
        "cybersecurite",
    ),
    LabelDef(
        "pris",
        "PRIS",
        "ANSSI",
        "Prestataire de réponse aux incidents de sécurité qualifié.",
        "cybersecurite",
    ),
    LabelDef(
        "pdis",
        "PDIS",
        "ANSSI",
        "Prestataire de détection des incidents de sécurité qualifié.",
        "cybersecurite",
    ),
    LabelDef(
        "secnumcloud",
        "SecNumCloud",
        "ANSSI",
        "Offre d'informatique en nuage qualifiée SecNumCloud.",
        "cloud",
    ),
    LabelDef(
        "qualiopi",
        "Qualiopi",
        "France compétences",
        "Certification qualité des organismes de formation.",
        "formation",
    ),
    LabelDef(
        "francenum",
        "Activateur France Num",
        "France Num (DGE)",
        "Accompagne la transformation numérique des TPE/PME.",
        "conseil",
    ),
    LabelDef(
        "hds",
        "Hébergeur de données de santé",
        "ANS",
        "Certification HDS pour l'hébergement de données de santé.",
        "cloud",
    ),
    LabelDef(
        "iso27001",
        "ISO/IEC 27001",
        "organismes accrédités",
        "Système de management de la sécurité de l'information certifié.",
        "cybersecurite",
    ),
    LabelDef(
        "secnumedu",
        "SecNumEdu",
        "ANSSI",
        "Formation initiale en cybersécurité labellisée.",
        "formation",
    ),
    LabelDef(
        "frenchtech",
        "French Tech",
        "Mission French Tech",
        "Start-up membre d'un programme French Tech.",
        "logiciel",
    ),
    LabelDef(
        "jei",
        "Jeune entreprise innovante",
        "DGFiP",
        "Statut fiscal de jeune entreprise innovante.",
        "logiciel",
    ),
)

DOMAIN_BY_SLUG = {d.slug: d for d in DOMAINS}
LABEL_BY_SLUG = {lbl.slug: lbl for lbl in LABELS}
