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
    # Other spellings members write ("ISO 27001", "France Num", "HDS"); compared folded and
    # without punctuation or spaces (`maillage_core.member_sheet.label_key`).
    aliases: tuple[str, ...] = ()


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
        (
            "Expert Cyber",
            "Label ExpertCyber",
            "Cybermalveillance",
            "Cybermalveillance.gouv.fr",
            "Label Cybermalveillance",
        ),
    ),
    LabelDef(
        "passi",
        "PASSI",
        "ANSSI",
        "Prestataire d'audit de la sécurité des systèmes d'information qualifié.",
        "cybersecurite",
        (
            "PASSI RGS",
            "Qualification PASSI",
            "Prestataire d'audit de la sécurité des systèmes d'information",
        ),
    ),
    LabelDef(
        "pris",
        "PRIS",
        "ANSSI",
        "Prestataire de réponse aux incidents de sécurité qualifié.",
        "cybersecurite",
        (
            "Qualification PRIS",
            "Prestataire de réponse aux incidents de sécurité",
        ),
    ),
    LabelDef(
        "pdis",
        "PDIS",
        "ANSSI",
        "Prestataire de détection des incidents de sécurité qualifié.",
        "cybersecurite",
        (
            "Qualification PDIS",
            "Prestataire de détection des incidents de sécurité",
        ),
    ),
    LabelDef(
        "secnumcloud",
        "SecNumCloud",
        "ANSSI",
        "Offre d'informatique en nuage qualifiée SecNumCloud.",
        "cloud",
        (
            "SecNum Cloud",
            "Qualification SecNumCloud",
        ),
    ),
    LabelDef(
        "qualiopi",
        "Qualiopi",
        "France compétences",
        "Certification qualité des organismes de formation.",
        "formation",
        (
            "Certification Qualiopi",
            "Certifié Qualiopi",
        ),
    ),
    LabelDef(
        "francenum",
        "Activateur France Num",
        "France Num (DGE)",
        "Accompagne la transformation numérique des TPE/PME.",
        "conseil",
        (
            "France Num",
            "FranceNum",
            "Activateurs France Num",
            "Activateur FranceNum",
        ),
    ),
    LabelDef(
        "hds",
        "Hébergeur de données de santé",
        "ANS",
        "Certification HDS pour l'hébergement de données de santé.",
        "cloud",
        (
            "HDS",
            "Hébergement de données de santé",
            "Certification HDS",
            "Certifié HDS",
        ),
    ),
    LabelDef(
        "iso27001",
        "ISO/IEC 27001",
        "organismes accrédités",
        "Système de management de la sécurité de l'information certifié.",
        "cybersecurite",
        (
            "ISO 27001",
            "ISO27001",
            "ISO/IEC 27001:2022",
            "ISO 27001:2022",
            "ISO/IEC 27001:2013",
            "ISO 27001:2013",
            "Certification ISO 27001",
        ),
    ),
    LabelDef(
        "secnumedu",
        "SecNumEdu",
        "ANSSI",
        "Formation initiale en cybersécurité labellisée.",
        "formation",
        (
            "SecNum Edu",
            "Label SecNumEdu",
        ),
    ),
    LabelDef(
        "frenchtech",
        "French Tech",
        "Mission French Tech",
        "Start-up membre d'un programme French Tech.",
        "logiciel",
        (
            "FrenchTech",
            "French Tech 120",
            "French Tech Next40",
            "Next40",
        ),
    ),
    LabelDef(
        "jei",
        "Jeune entreprise innovante",
        "DGFiP",
        "Statut fiscal de jeune entreprise innovante.",
        "logiciel",
        (
            "JEI",
            "Statut JEI",
        ),
    ),
    LabelDef(
        "iso9001",
        "ISO 9001",
        "organismes accrédités",
        "Système de management de la qualité certifié.",
        "conseil",
        ("ISO9001", "ISO 9001:2015", "Certification ISO 9001"),
    ),
    LabelDef(
        "iso20000",
        "ISO/IEC 20000-1",
        "organismes accrédités",
        "Système de management des services informatiques certifié.",
        "infogerance",
        ("ISO 20000", "ISO/IEC 20000", "ISO 20000-1", "ISO20000"),
    ),
    LabelDef(
        "iso27701",
        "ISO/IEC 27701",
        "organismes accrédités",
        "Management de la protection de la vie privée certifié (extension de l'ISO 27001).",
        "cybersecurite",
        ("ISO 27701", "ISO27701"),
    ),
    LabelDef(
        "francecybersecurity",
        "France Cybersecurity",
        "Hexatrust et l'État",
        "Label des produits et services de cybersécurité français.",
        "cybersecurite",
        ("Label France Cybersecurity",),
    ),
    LabelDef(
        "numeriqueresponsable",
        "Numérique Responsable",
        "Institut du Numérique Responsable",
        "Label des organisations engagées dans une démarche de numérique responsable.",
        "conseil",
        ("Label Numérique Responsable", "Label NR"),
    ),
    LabelDef(
        "gen",
        "Grande École du Numérique",
        "GIP Grande École du Numérique",
        "Formation au numérique labellisée Grande École du Numérique.",
        "formation",
        ("Label GEN", "Label Grande École du Numérique"),
    ),
)

# One-word domain keywords that are everyday French words with other senses: in a member's
# list of services they name the domain only when they are the whole item ("Formation" is
# the training domain, "Formation des élus" is not; "Développement économique" is not
# software). Other one-word keywords ("cybersécurité", "kubernetes") name it anywhere.
BROAD_KEYWORDS: frozenset[str] = frozenset(
    {
        "accessibilité",
        "accompagnement",
        "alternance",
        "apprentissage",
        "capteurs",
        "certification",
        "conseil",
        "data",
        "design",
        "données",
        "développement",
        "électronique",
        "ergonomie",
        "fibre",
        "formation",
        "hébergement",
        "infrastructure",
        "intégration",
        "référencement",
        "réseaux",
        "sauvegarde",
        "sensibilisation",
        "acculturation",
        "télécoms",
    }
)

DOMAIN_BY_SLUG = {d.slug: d for d in DOMAINS}
LABEL_BY_SLUG = {lbl.slug: lbl for lbl in LABELS}
