"""The ROME 4.0 taxonomy assembled from RefRomeCsv-shaped rows, and what its texts change."""

from __future__ import annotations

from maillage_core.offers import Offer, OfferClassifier, Taxonomy, taxonomy_from_rome_rows

FICHES = [
    {"code_rome": "J1501", "libelle_rome": "Soins d'hygiène et de confort", "code_rome_parent": ""},
    {"code_rome": "K1302", "libelle_rome": "Assistance auprès d'adultes", "code_rome_parent": ""},
    {"code_rome": "K1306", "libelle_rome": "Auxiliaire de vie", "code_rome_parent": "K1302"},
]
APPELLATIONS = [
    {"code_rome": "J1501", "libelle_appellation_long": "Aide-soignant / Aide-soignante"},
    {"code_rome": "K1302", "libelle_appellation_long": "Aide à domicile"},
    {"code_rome": "K1306", "libelle_appellation_long": "Auxiliaire de vie sociale"},
]
COMPETENCES = [{"code_ogr": "1", "libelle_competence": "Réaliser les soins d'hygiène"}]
CONTEXTS = [{"code_ogr": "9", "libelle_cont_travail": "Au domicile de particuliers"}]
LINKS = [
    {"code_rome": "J1501", "code_compo_bloc": "5", "code_ogr": "1"},
    {"code_rome": "K1302", "code_compo_bloc": "6", "code_ogr": "9"},
    {"code_rome": "K1302", "code_compo_bloc": "5", "code_ogr": "404"},  # unknown skill: skipped
]
TEXTS = [
    {
        "code_rome": "J1501",
        "libelle_type_texte": "acces_metier",
        "position_phrase": "1",
        "libelle_texte": "Diplôme d'État d'aide-soignant (DEAS) exigé.",
    },
    {
        "code_rome": "J1501",
        "libelle_type_texte": "definition",
        "position_phrase": "2",
        "libelle_texte": "Surveille l'état de santé.",
    },
    {
        "code_rome": "J1501",
        "libelle_type_texte": "definition",
        "position_phrase": "1",
        "libelle_texte": "Réalise les soins d'hygiène.",
    },
    {
        "code_rome": "K1302",
        "libelle_type_texte": "acces_metier",
        "position_phrase": "1",
        "libelle_texte": "Accessible sans diplôme ; le DEAES peut être demandé.",
    },
]


def build() -> Taxonomy:
    return taxonomy_from_rome_rows(
        fiches=FICHES,
        appellations=APPELLATIONS,
        links=LINKS,
        competences=COMPETENCES,
        texts=TEXTS,
        contexts=CONTEXTS,
    )


def test_rows_become_fiches_with_texts_skills_and_contexts() -> None:
    taxonomy = build()
    soins = taxonomy.fiche("J1501")
    assert soins.definition == "Réalise les soins d'hygiène. Surveille l'état de santé."
    assert soins.access == "Diplôme d'État d'aide-soignant (DEAS) exigé."
    assert soins.skills == ("1",)
    adults = taxonomy.fiche("K1302")
    assert adults.contexts == ("Au domicile de particuliers",)
    assert adults.skills == ()
    assert taxonomy.fiche("K1306").parent == "K1302"


def test_the_diploma_in_the_access_text_decides_an_ambiguous_title() -> None:
    classifier = OfferClassifier(build())
    deas = classifier.classify(Offer("a", "Intervenant (H/F)", "Titulaire du DEAS exigé."))
    deaes = classifier.classify(Offer("b", "Intervenant (H/F)", "Titulaire du DEAES exigé."))
    assert deas.codes[0] == "J1501"
    assert deaes.codes[0] == "K1302"
