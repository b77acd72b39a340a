"""French wording for the demo ecosystem: name parts, description templates, people, streets.

Pure data plus small pure helpers that draw from it with a caller-supplied `random.Random`,
so that `maillage_core.demo` stays about structure (kinds, places, labels) and this module
about words. Every person, street and company here is fictitious.
"""

from __future__ import annotations

import random
import unicodedata

# Words with a Normandy flavour used to build fictitious organisation names.
NAME_ROOTS: tuple[str, ...] = (
    "Bocage",
    "Cotentin",
    "Estuaire",
    "Falaise",
    "Alabâtre",
    "Bessin",
    "Pays d'Auge",
    "Seine",
    "Granit",
    "Marée",
    "Pommeraie",
    "Littoral",
    "Orne",
    "Vexin",
    "Caux",
    "Hague",
    "Drakkar",
    "Abbaye",
    "Silex",
    "Bruyère",
    "Colombage",
    "Risle",
    "Touques",
    "Varenne",
    "Perche",
    "Avranchin",
    "Bray",
    "Lieuvin",
    "Neubourg",
    "Écume",
    "Galet",
    "Phare",
    "Méridien",
    "Horizon",
    "Boréal",
    "Aubépine",
    "Cormoran",
    "Goéland",
    "Mascaret",
    "Bruine",
)

# Per domain: words that go into a provider's name.
DOMAIN_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "ia": ("IA", "Intelligence", "Neurone", "Cognitive", "Vision"),
    "data": ("Data", "Données", "Analytics", "Décision", "Datalab"),
    "cybersecurite": ("Cyber", "Sécurité", "Rempart", "Bouclier", "Vigie"),
    "cloud": ("Cloud", "Hébergement", "Nuage", "Datacenter", "Infra"),
    "web": ("Web", "Digital", "Agence Web", "Studio", "Pixel"),
    "logiciel": ("Logiciels", "Soft", "Code", "Applications", "Dev"),
    "iot": ("Objets Connectés", "Électronique", "Capteurs", "Robotique", "Systèmes"),
    "infogerance": ("Informatique", "Réseaux", "Services IT", "Télécom", "Maintenance"),
    "ux": ("Design", "UX", "Interfaces", "Ergonomie", "Atelier"),
    "conseil": ("Conseil", "Stratégie", "Transformation", "Consulting", "Partenaires"),
}

NAME_FORMS: tuple[str, ...] = (
    "{root} {word}",
    "{word} {root}",
    "{suffix} {root}",
    "{root} {word} {suffix}",
    "{word} & {root}",
)
NAME_SUFFIXES: tuple[str, ...] = ("Solutions", "Lab", "Services", "Systèmes", "Groupe", "Studio")

# Client companies of other sectors: (NAF division, name patterns, activity wording, digital needs).
CLIENT_SECTORS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    (
        "25",
        ("Fonderie {family}", "Mécanique {family}", "Usinage {de_root}"),
        "une entreprise de métallurgie et d'usinage de précision",
        (
            "automatiser le suivi de production et connecter nos machines",
            "mettre en place de la maintenance prédictive sur nos lignes",
        ),
    ),
    (
        "10",
        ("Laiterie {de_root}", "Biscuiterie {family}", "Cidrerie {family}"),
        "un producteur agroalimentaire de la filière normande",
        (
            "tracer nos lots de la ferme au magasin",
            "lancer une boutique en ligne pour nos produits du terroir",
        ),
    ),
    (
        "47",
        ("Maison {family}", "Comptoir {de_root}", "Boutique {family}"),
        "un commerce de détail indépendant",
        (
            "créer un site marchand et gérer le click-and-collect",
            "améliorer notre référencement local",
        ),
    ),
    (
        "49",
        ("Transports {family}", "Logistique {de_root}"),
        "un transporteur routier régional",
        (
            "optimiser nos tournées avec les données de géolocalisation",
            "sécuriser notre informatique après une tentative de rançongiciel",
        ),
    ),
    (
        "41",
        ("Bâtiment {family}", "Constructions {de_root}"),
        "une entreprise du bâtiment",
        (
            "dématérialiser nos devis et nos chantiers",
            "équiper nos équipes d'une application mobile de suivi",
        ),
    ),
    (
        "86",
        ("Clinique {de_root}", "Cabinet médical {family}"),
        "un établissement de santé privé",
        (
            "héberger nos données de santé chez un hébergeur certifié",
            "protéger notre système d'information contre le hameçonnage",
        ),
    ),
    (
        "55",
        ("Hôtel {de_root}", "Manoir {family}"),
        "un établissement hôtelier du littoral",
        (
            "refondre notre site de réservation",
            "analyser nos données de fréquentation",
        ),
    ),
    (
        "01",
        ("EARL {family}", "Vergers {de_root}"),
        "une exploitation agricole",
        (
            "installer des capteurs connectés dans nos parcelles",
            "vendre en direct grâce à une plateforme en ligne",
        ),
    ),
    (
        "20",
        ("Chimie {family}", "Laboratoires {de_root}"),
        "un industriel de la chimie et de la plasturgie",
        (
            "déployer un MES et un jumeau numérique de l'atelier",
            "renforcer la cybersécurité de nos automates industriels",
        ),
    ),
    (
        "69",
        ("Cabinet {family}", "Fiduciaire {de_root}"),
        "un cabinet d'expertise comptable",
        (
            "automatiser la saisie grâce à l'intelligence artificielle",
            "sauvegarder nos dossiers clients dans un cloud souverain",
        ),
    ),
)

# Per domain: (opening sentences, specialities, closing sentences). `{name}`, `{city}`,
# `{year}` are filled in by describe_provider.
PROVIDER_INTROS: dict[str, tuple[str, ...]] = {
    "ia": (
        "{name} conçoit des solutions d'intelligence artificielle pour les entreprises normandes.",
        "Basée {a_city}, {name} met l'apprentissage automatique au service de l'industrie.",
        "{name} aide les PME à tirer parti de l'IA générative et de la vision par ordinateur.",
    ),
    "data": (
        "{name} valorise les données des entreprises et des collectivités depuis {year}.",
        "{A_city}, {name} construit des entrepôts de données et des tableaux de bord décisionnels.",
        "{name} est un cabinet de data science et de business intelligence.",
    ),
    "cybersecurite": (
        "{name} protège les systèmes d'information des TPE, PME et collectivités.",
        "Implantée {a_city}, {name} réalise des audits de sécurité et des tests d'intrusion.",
        "{name} accompagne les organisations face aux cyberattaques, du diagnostic à la "
        "remédiation.",
    ),
    "cloud": (
        "{name} héberge les applications de ses clients dans des centres de données en France.",
        "{name} propose un cloud souverain et des services d'infogérance depuis {city}.",
        "Opérateur d'hébergement depuis {year}, {name} accompagne les migrations vers le cloud.",
    ),
    "web": (
        "{name} est une agence web créée {a_city} en {year}.",
        "{name} crée des sites internet, des boutiques en ligne et des applications web.",
        "Agence de marketing digital, {name} développe la visibilité en ligne de ses clients.",
    ),
    "logiciel": (
        "{name} édite des logiciels métiers depuis {year}.",
        "{name} développe des applications sur mesure, web et mobiles, depuis {city}.",
        "Éditeur de logiciels, {name} intègre ses solutions au système d'information des clients.",
    ),
    "iot": (
        "{name} conçoit des objets connectés et des systèmes embarqués pour l'industrie.",
        "{A_city}, {name} accompagne les usines vers l'industrie 4.0.",
        "{name} développe de l'électronique et des capteurs communicants depuis {year}.",
    ),
    "infogerance": (
        "{name} assure la maintenance informatique et l'infogérance des PME de son territoire.",
        "Intégrateur réseaux et télécoms {a_city}, {name} intervient depuis {year}.",
        "{name} gère les parcs informatiques, les sauvegardes et le support utilisateurs.",
    ),
    "ux": (
        "{name} est un studio de design d'interfaces et d'expérience utilisateur.",
        "{A_city}, {name} conçoit des services numériques simples et accessibles.",
        "{name} accompagne la conception de produits numériques, de la recherche au prototype.",
    ),
    "conseil": (
        "{name} conseille les dirigeants dans leur transformation numérique.",
        "Cabinet de conseil {a_city}, {name} rédige des schémas directeurs informatiques.",
        "{name} assure l'assistance à maîtrise d'ouvrage des projets numériques depuis {year}.",
    ),
}

SPECIALITIES: dict[str, tuple[str, ...]] = {
    "ia": (
        "maintenance prédictive",
        "vision par ordinateur pour le contrôle qualité",
        "traitement automatique du langage",
        "agents conversationnels",
        "prévision de la demande",
        "IA générative et grands modèles de langage",
        "détection d'anomalies",
    ),
    "data": (
        "entrepôts de données",
        "tableaux de bord et dataviz",
        "data engineering",
        "gouvernance des données",
        "open data",
        "analyse statistique",
        "qualité des données",
    ),
    "cybersecurite": (
        "tests d'intrusion",
        "audit de sécurité",
        "réponse à incident",
        "sensibilisation au hameçonnage",
        "mise en conformité RGPD",
        "accompagnement NIS2",
        "supervision de sécurité (SOC)",
        "certification ISO 27001",
        "protection contre les rançongiciels",
    ),
    "cloud": (
        "hébergement managé",
        "migration vers le cloud",
        "Kubernetes et conteneurs",
        "DevOps",
        "virtualisation",
        "plan de reprise d'activité",
        "sauvegarde externalisée",
    ),
    "web": (
        "sites vitrines",
        "e-commerce",
        "référencement naturel (SEO)",
        "WordPress",
        "PrestaShop",
        "campagnes de marketing digital",
        "applications web progressives",
    ),
    "logiciel": (
        "ERP",
        "CRM",
        "applications mobiles",
        "développement sur mesure",
        "API et intégration",
        "tierce maintenance applicative",
        "logiciels SaaS",
    ),
    "iot": (
        "capteurs connectés",
        "supervision industrielle",
        "jumeau numérique",
        "automatisme et robotique",
        "réseaux LoRa",
        "systèmes embarqués",
        "MES",
    ),
    "infogerance": (
        "infogérance de parc",
        "réseaux et fibre",
        "téléphonie IP",
        "helpdesk",
        "sauvegarde",
        "câblage et Wi-Fi",
        "5G privée",
    ),
    "ux": (
        "recherche utilisateur",
        "prototypage",
        "design system",
        "accessibilité RGAA",
        "ergonomie d'applications métiers",
    ),
    "conseil": (
        "stratégie numérique",
        "schéma directeur",
        "assistance à maîtrise d'ouvrage",
        "conduite du changement",
        "choix de solutions",
        "dématérialisation",
    ),
}

SECTORS_SERVED: tuple[str, ...] = (
    "l'industrie",
    "l'agroalimentaire",
    "la santé",
    "les collectivités",
    "le commerce",
    "la logistique portuaire",
    "l'énergie",
    "le nautisme",
    "l'artisanat",
    "le tourisme",
    "la banque et l'assurance",
    "l'agriculture",
    "le bâtiment",
    "l'éducation",
    "les associations",
    "la filière équine",
    "l'automobile",
    "l'aéronautique",
)

CLOSINGS: tuple[str, ...] = (
    "L'équipe compte une {team} de personnes.",
    "Nos clients sont principalement en {dept_name}.",
    "Nous intervenons dans toute la Normandie.",
    "Nous travaillons aussi en Île-de-France.",
    "",
)

FIRST_NAMES: tuple[str, ...] = (
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Julie",
    "Claire",
    "Sophie",
    "Nadia",
    "Aïcha",
    "Élodie",
    "Marion",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Karim",
    "Mehdi",
    "Yann",
    "Erwan",
    "Benoît",
    "Gaëlle",
    "Solène",
    "Amaury",
    "Loïc",
    "Sébastien",
    "Hélène",
)

LAST_NAMES: tuple[str, ...] = (
    "Lefebvre",
    "Leroux",
    "Lemarchand",
    "Hébert",
    "Lecoq",
    "Marie",
    "Duval",
    "Lenoir",
    "Gosselin",
    "Osmont",
    "Lecomte",
    "Jouen",
    "Letellier",
    "Lepetit",
    "Guérin",
    "Vautier",
    "Hamel",
    "Quesnel",
    "Delaunay",
    "Renouf",
    "Bazin",
    "Toutain",
    "Bouvier",
    "Benali",
    "Nguyen",
    "Diallo",
    "Martin",
    "Bernard",
    "Lemaître",
    "Savary",
)

CONTACT_ROLES: tuple[str, ...] = (
    "Dirigeant·e",
    "Directeur·rice technique",
    "Responsable commercial·e",
    "Chargé·e de développement",
    "Responsable des systèmes d'information",
    "Office manager",
)

STREETS: tuple[str, ...] = (
    "rue de la République",
    "avenue de Paris",
    "rue Saint-Jean",
    "boulevard Maritime",
    "rue des Tanneurs",
    "rue du Général-Leclerc",
    "quai de la Seine",
    "rue de l'Abbaye",
    "avenue des Tilleuls",
    "rue Guillaume-le-Conquérant",
    "impasse des Pommiers",
    "rue de la Gare",
    "place du Marché",
    "rue Jean-Jaurès",
    "allée des Cormorans",
    "rue de l'Innovation",
)

SCHOOL_FORMS: tuple[str, ...] = (
    "École d'ingénieurs du numérique {de_city}",
    "IUT {de_city} — département informatique",
    "Lycée {family} — BTS SIO",
    "Campus numérique {de_city}",
    "École supérieure du digital {root}",
)
TRAINING_FORMS: tuple[str, ...] = (
    "{root} Formation",
    "Académie du code {root}",
    "Centre de formation numérique {de_city}",
    "Bootcamp {root}",
    "Cyber Académie {root}",
)
LAB_FORMS: tuple[str, ...] = (
    "Laboratoire {acronym} — informatique et systèmes",
    "Laboratoire {acronym} {de_city}",
    "Équipe de recherche {acronym}",
)
PUBLIC_FORMS: tuple[str, ...] = (
    "Mairie {de_city}",
    "Centre hospitalier {de_city}",
    "Syndicat mixte numérique {root}",
    "Communauté de communes {root}",
    "Office de tourisme {de_city}",
)
ASSOCIATION_FORMS: tuple[str, ...] = (
    "Association {root} Numérique",
    "Club des entreprises numériques {de_city}",
    "Les Codeuses {de_root}",
    "Association des usagers du numérique {de_city}",
)
TIERS_LIEU_FORMS: tuple[str, ...] = (
    "La Fabrique {de_city}",
    "Coworking {root}",
    "FabLab {root}",
    "Tiers-lieu {root}",
    "Espace public numérique {de_city}",
)

OTHER_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "school": (
        "Établissement d'enseignement supérieur {a_city}, nous formons des développeurs, des "
        "administrateurs systèmes et réseaux et des experts en cybersécurité, en formation "
        "initiale et en alternance.",
        "Nos étudiants préparent des diplômes en informatique, data et intelligence artificielle; "
        "nous cherchons des entreprises d'accueil pour les stages et l'apprentissage.",
    ),
    "training_body": (
        "Organisme de formation continue {a_city}: montée en compétences des salariés sur {spec}.",
        "Nous proposons des parcours certifiants et des bootcamps en {spec}, en présentiel et à "
        "distance, finançables par le CPF et les OPCO.",
    ),
    "lab": (
        "Laboratoire de recherche publique {a_city} travaillant sur {spec}.",
        "Nos équipes mènent des projets collaboratifs avec les entreprises sur {spec} "
        "(thèses CIFRE, transfert de technologie).",
    ),
    "public_body": (
        "Collectivité et acheteur public du territoire {de_city}; projets de dématérialisation "
        "et de sécurisation des services aux usagers.",
        "Établissement public qui modernise son système d'information et cherche des "
        "prestataires locaux.",
    ),
    "association": (
        "Association qui anime la communauté numérique {de_city}: rencontres, ateliers et "
        "actions pour l'inclusion numérique.",
        "Réseau associatif de sensibilisation au numérique responsable et à la cybersécurité "
        "des citoyens.",
    ),
    "tiers_lieu": (
        "Tiers-lieu {a_city}: espace de coworking, fab lab et médiation numérique ouvert à tous.",
        "Lieu hybride qui accueille des indépendants, propose des ateliers d'inclusion numérique "
        "et un atelier de fabrication numérique.",
    ),
}


def of_place(place: str) -> str:
    """French "de" before a place name: du Havre, des Andelys, d'Évreux, de Caen."""
    if place.startswith("Le "):
        return "du " + place[3:]
    if place.startswith("Les "):
        return "des " + place[4:]
    if place[:1].lower() in "aeiouyéèêàâîôûh":
        return "d'" + place
    return "de " + place


def at_place(place: str) -> str:
    """French "à" before a place name: au Havre, aux Andelys, à Caen."""
    if place.startswith("Le "):
        return "au " + place[3:]
    if place.startswith("Les "):
        return "aux " + place[4:]
    return "à " + place


def place_words(city: str) -> dict[str, str]:
    """The forms of a city name the templates use: {city}, {a_city}, {A_city}, {de_city}."""
    at = at_place(city)
    return {
        "city": city,
        "a_city": at,
        "A_city": at[:1].upper() + at[1:],
        "de_city": of_place(city),
    }


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug: accents folded (NFKD), non-alphanumerics collapsed to '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out: list[str] = []
    for ch in folded.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def provider_name(rng: random.Random, domain: str) -> str:
    """A fictitious provider name mixing a Normandy word and a word of its domain."""
    words = DOMAIN_NAME_WORDS.get(domain, DOMAIN_NAME_WORDS["logiciel"])
    form = rng.choice(NAME_FORMS)
    root, word, suffix = rng.choice(NAME_ROOTS), rng.choice(words), rng.choice(NAME_SUFFIXES)
    if suffix in word.split():  # "Studio Studio": take the next suffix (no extra draw)
        suffix = NAME_SUFFIXES[(NAME_SUFFIXES.index(suffix) + 1) % len(NAME_SUFFIXES)]
    return form.format(root=root, word=word, suffix=suffix)


def describe_provider(
    rng: random.Random,
    *,
    name: str,
    domains: tuple[str, ...],
    city: str,
    dept_name: str,
    year: int,
) -> str:
    """Intro sentence for the main domain, specialities of every domain, sectors served, closing."""
    main = domains[0]
    parts = [rng.choice(PROVIDER_INTROS[main]).format(name=name, year=year, **place_words(city))]
    specs: list[str] = []
    for d in domains:
        pool = SPECIALITIES.get(d, ())
        if pool:
            specs.extend(rng.sample(pool, k=min(len(pool), 2 if d == main else 1)))
    if specs:
        parts.append("Spécialités : " + ", ".join(specs) + ".")
    sectors = rng.sample(SECTORS_SERVED, k=2)
    parts.append(f"Nous travaillons pour {sectors[0]} et {sectors[1]}.")
    closing = rng.choice(CLOSINGS).format(
        team=rng.choice(("dizaine", "vingtaine", "trentaine")), dept_name=dept_name
    )
    if closing:
        parts.append(closing)
    return " ".join(parts)


def describe_client(rng: random.Random, *, activity: str, needs: tuple[str, ...], city: str) -> str:
    """A client company of another sector, with the digital need it may bring to the network."""
    need = rng.choice(needs)
    return (
        f"Nous sommes {activity} {at_place(city)}. "
        f"Nous souhaitons {need} et cherchons un partenaire numérique de proximité."
    )
