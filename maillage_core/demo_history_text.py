"""French wording for the demo matchmaking history: needs as requesters write them, and the
notes providers, staff and requesters leave along the way.

Every need is keyed by the requester it fits: a NAF division of the demo's client companies
(`maillage_core.demo_tables.CLIENT_NAF`), `public_body` (a town hall, a community of communes)
or `association` (requesters outside the directory, named by `ASSOCIATION_NAMES` in the same
order). `{a_commune}` / `{de_commune}` become "au Havre" / "du Havre" for the requester's
commune. Pure data: the people, companies and figures are fictitious; the wording
(abbreviations, missing accents, run-on sentences) is the way real requests reach the network.
"""

from __future__ import annotations

# (requester key, need text)
NEED_TEXTS: tuple[tuple[str, str], ...] = (
    # 25 — metal work, mechanics
    (
        "25",
        "Bonjour, nous sommes une PME de mécanique de précision (45 salariés) {a_commune}. "
        "On voudrait suivre nos machines en temps réel (taux d'occupation, arrêts) avec des "
        "capteurs, puis faire de la maintenance prédictive. Budget autour de 20 k€.",
    ),
    (
        "25",
        "Notre ERP date de 2009 et l'éditeur ne le maintient plus. Nous cherchons un "
        "intégrateur pour un nouvel ERP adapté à la sous-traitance métallurgique (devis, "
        "ordres de fabrication, traçabilité des lots).",
    ),
    (
        "25",
        "Un client de l'aéronautique nous demande de prouver notre niveau de cybersécurité "
        "avant de renouveler le contrat. Il nous faudrait un audit et un plan d'actions "
        "d'ici juin.",
    ),
    (
        "25",
        "On a deux robots de soudure et on voudrait détecter les défauts de cordon par "
        "caméra. Quelqu'un fait de la vision industrielle du côté {de_commune} ?",
    ),
    (
        "25",
        "Chaudronnerie de 12 personnes, notre site internet n'a pas bougé depuis 8 ans et on "
        "ne reçoit aucune demande par là. On veut un site vitrine moderne avec nos réalisations.",
    ),
    # 10 — agri-food
    (
        "10",
        "Fromagerie artisanale du Pays d'Auge, nous vendons en direct et sur les marchés. "
        "Nous voulons ouvrir une boutique en ligne avec livraison en point relais et gestion "
        "des stocks, avant les fêtes de fin d'année si possible.",
    ),
    (
        "10",
        "Biscuiterie de 30 salariés {a_commune}. On perd trop de temps sur la tracabilite "
        "des lots (tout est sur papier). Cherche une solution logicielle simple pour l'atelier, "
        "avec tablettes.",
    ),
    (
        "10",
        "Nous sommes une cidrerie et nous voulons mieux prévoir nos ventes à partir de "
        "l'historique (météo, salons, grande distribution). Des tableaux de bord, peut-être un "
        "modèle de prévision.",
    ),
    (
        "10",
        "Notre messagerie a été piratée la semaine dernière, des fausses factures sont "
        "parties chez nos clients. Tout est rentré dans l'ordre mais on veut sécuriser les "
        "comptes et former le personnel au phishing.",
    ),
    (
        "10",
        "Laiterie coopérative : nos serveurs sont dans un local sans clim. On se demande "
        "s'il faut passer au cloud ou faire héberger nos machines, besoin de conseil.",
    ),
    # 47 — retail
    (
        "47",
        "Je tiens une librairie-papeterie {a_commune} et je voudrais vendre en ligne sans "
        "y passer mes soirées. Site marchand relié à ma caisse si c'est possible.",
    ),
    (
        "47",
        "Magasin de vélos, 3 boutiques. On veut un logiciel de caisse commun et un stock "
        "partagé entre les magasins, plus la prise de rendez-vous atelier en ligne.",
    ),
    (
        "47",
        "Boutique de vêtements : notre site e-commerce est très lent et mal référencé. "
        "On cherche une agence pour refaire le site et travailler le SEO.",
    ),
    (
        "47",
        "Épicerie fine, on aimerait être accompagnés sur le numérique en général (réseaux "
        "sociaux, fiche Google, click and collect). On ne sait pas par où commencer.",
    ),
    # 49 — transport, logistics
    (
        "49",
        "Transporteur routier, 60 camions, base {a_commune}. Nous voulons optimiser nos "
        "tournées et donner au client le suivi de sa livraison en temps réel.",
    ),
    (
        "49",
        "Entrepôt logistique : nos préparateurs travaillent encore sur listes papier. "
        "Besoin d'un WMS ou d'une appli mobile de préparation de commandes avec scan.",
    ),
    (
        "49",
        "On a subi un rançongiciel il y a deux mois, on a pu redémarrer grâce aux "
        "sauvegardes. Maintenant on veut un vrai plan de continuité et une supervision de "
        "sécurité.",
    ),
    (
        "49",
        "Société de déménagement, on cherche quelqu'un pour gérer notre parc informatique "
        "(20 postes, le serveur, les sauvegardes) en contrat d'infogérance.",
    ),
    # 41 — building
    (
        "41",
        "Entreprise de maçonnerie de 25 personnes. Nos devis sont faits sur Excel et les "
        "chefs de chantier remontent les heures par SMS. On voudrait un logiciel de gestion "
        "de chantier avec une appli mobile.",
    ),
    (
        "41",
        "Electricien, on nous demande de plus en plus de maquette numérique BIM sur les "
        "marchés publics. Cherche formation et accompagnement pour l'équipe d'études.",
    ),
    (
        "41",
        "Nous sommes plombiers chauffagistes et nous voulons faire de la maintenance à "
        "distance des chaudières de nos clients (objets connectés, alertes).",
    ),
    (
        "41",
        "Couvreur {a_commune}, j'ai besoin d'un site internet avec formulaire de devis et "
        "de photos de chantiers, rien de compliqué, budget 3000 euros maxi.",
    ),
    # 86 — health
    (
        "86",
        "Clinique de 80 lits. Nous devons héberger des données de santé pour un nouveau "
        "portail patients, il nous faut un hébergeur certifié HDS et une aide pour la migration.",
    ),
    (
        "86",
        "Cabinet de radiologie : nous cherchons une solution d'IA d'aide au diagnostic "
        "marquée CE, intégrée à notre PACS. Qui peut nous accompagner sur le choix et "
        "l'intégration ?",
    ),
    (
        "86",
        "Centre de santé pluriprofessionnel, on veut sensibiliser les soignants à la "
        "cybersécurité et faire un audit de nos postes après l'attaque de l'hôpital voisin.",
    ),
    (
        "86",
        "Maison de retraite (EHPAD) : nous voulons un logiciel pour les plannings du "
        "personnel et la transmission entre équipes, accessible sur tablette.",
    ),
    # 55 — hotels and restaurants
    (
        "55",
        "Hôtel 3 étoiles {a_commune}, 40 chambres. Nous dépendons trop des plateformes de "
        "réservation et voulons un moteur de réservation en direct sur notre site.",
    ),
    (
        "55",
        "Restaurant traditionnel, on voudrait la commande en ligne et le paiement à table "
        "par QR code. On cherche un prestataire local pour l'installer et nous former.",
    ),
    (
        "55",
        "Camping 4 étoiles : le wifi ne tient pas sur tout le terrain et les clients se "
        "plaignent. Besoin d'un réseau fiable et sécurisé pour la saison prochaine.",
    ),
    (
        "55",
        "Groupe de 3 restaurants, on veut centraliser les chiffres (caisse, achats, "
        "personnel) dans un tableau de bord unique, aujourd'hui tout est dans des fichiers.",
    ),
    # 01 — farming
    (
        "01",
        "Exploitation maraîchère bio, on vend en paniers. On veut un site pour les "
        "commandes des paniers avec paiement en ligne et gestion des abonnements.",
    ),
    (
        "01",
        "Élevage laitier de 120 vaches, on a des capteurs sur le robot de traite mais les "
        "données ne servent à rien. Cherche quelqu'un pour les exploiter (alertes santé, "
        "production).",
    ),
    (
        "01",
        "Pépinière {a_commune}, on aimerait un logiciel de gestion des stocks de plants et "
        "des commandes des paysagistes, et des étiquettes avec QR code.",
    ),
    (
        "01",
        "GAEC de 4 associés : besoin d'aide pour choisir un logiciel de compta et de "
        "gestion agricole et pour mettre en place la facture électronique.",
    ),
    # 20 — chemicals, plastics
    (
        "20",
        "Site chimique classé Seveso seuil bas. Nous devons segmenter le réseau "
        "industriel (automates, supervision) du réseau bureautique. Cherchons un spécialiste "
        "cybersécurité des systèmes industriels.",
    ),
    (
        "20",
        "Plasturgie, 70 personnes : on veut mettre en place un MES pour suivre la "
        "production des presses à injecter et calculer le TRS automatiquement.",
    ),
    (
        "20",
        "Laboratoire de formulation cosmétique : nous cherchons un outil de gestion des "
        "formules et de la conformité réglementaire, avec des données fiables.",
    ),
    (
        "20",
        "Fabricant de peintures, nous aimerions utiliser l'intelligence artificielle pour "
        "accélérer la mise au point des teintes à partir de nos essais passés.",
    ),
    # 69 — accountants, lawyers
    (
        "69",
        "Cabinet d'expertise comptable de 15 collaborateurs. Nos clients veulent déposer "
        "leurs pièces en ligne : besoin d'un portail sécurisé et d'un audit de nos accès.",
    ),
    (
        "69",
        "Cabinet d'avocats : on veut sortir du serveur dans le placard et passer sur un "
        "cloud souverain, messagerie comprise. Besoin d'un accompagnement complet.",
    ),
    (
        "69",
        "Expert-comptable, on voudrait automatiser la saisie des factures fournisseurs "
        "(lecture automatique, OCR, IA) pour nos 400 dossiers clients.",
    ),
    (
        "69",
        "Notre cabinet doit former ses collaborateurs à Excel avancé et à Power BI, "
        "formation finançable par l'OPCO si possible, 8 personnes.",
    ),
    # public bodies: town halls, communities of communes
    (
        "public_body",
        "Mairie {de_commune} (3 200 habitants). Nous souhaitons refaire le site "
        "de la commune : actualités, démarches en ligne, accessible RGAA. Marché à procédure "
        "adaptée prévu au printemps.",
    ),
    (
        "public_body",
        "La commune voudrait équiper l'école de tablettes et d'écrans interactifs "
        "et former les enseignants. Nous cherchons un prestataire pour l'installation et la "
        "maintenance.",
    ),
    (
        "public_body",
        "Communauté de communes : nos agents utilisent des mots de passe "
        "partagés et nous n'avons pas de sauvegarde externalisée. Nous voulons un diagnostic "
        "cybersécurité et un plan d'actions (dispositif de l'ANSSI si possible).",
    ),
    (
        "public_body",
        "Le syndicat d'eau souhaite numériser les plans de son réseau "
        "d'assainissement sur un SIG consultable sur le terrain par les agents.",
    ),
    (
        "public_body",
        "Mairie {de_commune} : nous recherchons un accompagnement pour ouvrir "
        "nos données (budget, équipements) sur une plateforme open data.",
    ),
    (
        "public_body",
        "Nous voulons installer des capteurs de qualité de l'air et de "
        "température dans nos écoles et suivre les consommations d'énergie des bâtiments "
        "communaux.",
    ),
    (
        "public_body",
        "La médiathèque intercommunale cherche un intervenant pour des ateliers "
        "d'inclusion numérique pour les seniors (démarches en ligne, smartphone).",
    ),
    (
        "public_body",
        "Mairie, 12 agents : le serveur de la mairie est en fin de vie et le "
        "prestataire a fermé. Besoin de quelqu'un pour reprendre l'infogérance et la "
        "messagerie.",
    ),
    # associations
    (
        "association",
        "Association d'aide à domicile (150 salariés) {a_commune}. Nous "
        "cherchons une application pour les plannings des intervenantes et le pointage chez "
        "les bénéficiaires.",
    ),
    (
        "association",
        "Notre association sportive voudrait un site avec inscriptions et "
        "paiement des licences en ligne, nous sommes tous bénévoles donc il faut que ce soit "
        "simple à mettre à jour.",
    ),
    (
        "association",
        "Association d'insertion : nous voulons former nos salariés en parcours "
        "aux compétences numériques de base et cherchons un organisme de formation.",
    ),
    (
        "association",
        "Festival de musique (association), on veut une billetterie en ligne et "
        "une appli pour le contrôle des billets à l'entrée, environ 8000 festivaliers.",
    ),
    (
        "association",
        "Nous sommes une association de protection de l'environnement et "
        "voudrions cartographier les observations des bénévoles sur une carte interactive.",
    ),
    (
        "association",
        "Foyer de jeunes travailleurs : plusieurs postes ont été infectés par un "
        "virus, besoin de quelqu'un pour nettoyer, sécuriser le réseau et mettre un antivirus "
        "centralisé.",
    ),
)

# The associations' names, in the order of their needs above (they are not in the directory).
ASSOCIATION_NAMES: tuple[str, ...] = (
    "Aide à domicile {de_commune}",
    "Union sportive {de_commune}",
    "Atelier d'insertion Le Tremplin",
    "Festival Les Estivales du bocage",
    "Bocage Nature Environnement",
    "Foyer de jeunes travailleurs {de_commune}",
)

# A requester of that kind when the directory has none (small demo directories).
OUTSIDE_NAMES: dict[str, str] = {
    "public_body": "Mairie {de_commune}",
    "association": "Association {de_commune}",
}

# A message that is not a need: the intake service flags it (spam score) and it is rejected.
SPAM_TEXT = (
    "GAGNEZ 5000 EUROS PAR SEMAINE AVEC LA CRYPTO !!! Inscription gratuite sur "
    "http://gains-rapides.example http://crypto-facile.example www.argent-vite.example"
)

# A requester who writes again a few days later with nearly the same words (a duplicate).
DUPLICATE_PREFIX = "Je me permets de relancer ma demande : "

DECLINE_NOTES: tuple[str, ...] = (
    "Plan de charge complet jusqu'à la fin du trimestre.",
    "Hors de notre périmètre, nous ne faisons pas ce type de projet.",
    "Trop loin de nos bureaux pour intervenir dans de bonnes conditions.",
    "Projet trop petit pour notre structure, désolés.",
    "Nous travaillons déjà pour un concurrent direct du demandeur.",
)
MEETING_NOTES: tuple[str, ...] = (
    "Visite sur site, premier échange sur le besoin.",
    "Rendez-vous en visioconférence avec le dirigeant.",
    "Réunion de cadrage avec la direction et le responsable informatique.",
)
PROPOSAL_NOTES: tuple[str, ...] = (
    "Proposition technique et financière envoyée.",
    "Devis remis en deux options.",
    "Offre remise, en attente de la décision du demandeur.",
)
LOSE_NOTES: tuple[str, ...] = (
    "Le demandeur a retenu une autre offre.",
    "Projet reporté à l'an prochain faute de budget.",
    "Offre jugée trop chère par le demandeur.",
)
# Requester reviews by satisfaction (1–5), written on the status page.
REVIEWS: dict[int, tuple[str, ...]] = {
    5: (
        "Très réactifs, à l'écoute, le projet a été livré dans les temps.",
        "Excellent accompagnement, je recommande sans hésiter.",
        "Équipe sérieuse et pédagogue, nos salariés ont tout de suite adopté l'outil.",
    ),
    4: (
        "Bon travail, quelques retards mais une bonne communication.",
        "Satisfaits du résultat, le devis était clair.",
        "Prestataire compétent, un peu cher mais efficace.",
    ),
    3: (
        "Correct, mais il a fallu relancer plusieurs fois.",
        "Le résultat est là, l'accompagnement après livraison pourrait être meilleur.",
    ),
    2: (
        "Échanges difficiles et délais non tenus.",
        "Proposition peu adaptée à une petite structure comme la nôtre.",
    ),
    1: ("Aucun suivi après le premier rendez-vous.",),
}
