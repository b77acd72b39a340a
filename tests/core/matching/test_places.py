"""Finding the place of a need: communes, short names, contractions, postcodes, départements."""

from __future__ import annotations

import pytest

from maillage_core.matching import Commune, Department, Gazetteer, PlaceMatch, build_gazetteer
from maillage_core.matching.places import find_place


@pytest.mark.parametrize(
    ("text", "code", "evidence"),
    [
        ("PME à Évreux", "27229", "Évreux"),
        ("PME a Evreux", "27229", "Evreux"),
        ("clinique de Saint-Lô", "50502", "Saint-Lô"),
        ("on est a St Lo", "50502", "St Lo"),
        ("entreprise basée au Havre", "76351", "au Havre"),
        ("on est a Cherbourg", "50129", "Cherbourg"),  # Cherbourg-en-Cotentin
        ("mairie de Vire", "14762", "Vire"),  # Vire Normandie
        ("une startup rouennaise", "76540", "rouennaise"),
        ("usine aux Andelys", "27016", "aux Andelys"),
        ("près de Pont-l'Évêque", "14514", "Pont-l'Évêque"),
    ],
)
def test_communes_named_in_text(places: Gazetteer, text: str, code: str, evidence: str) -> None:
    found = find_place(text, places)
    assert found is not None and found.kind == "commune"
    assert (found.code, found.evidence) == (code, evidence)


def test_common_words_are_not_communes(places: Gazetteer) -> None:
    assert find_place("on a eu un souci avec le serveur", places) is None  # Eu (76255)
    eu = find_place("nous sommes à Eu", places)
    assert eu is not None and eu.code == "76255"


def test_postcode_then_department(places: Gazetteer) -> None:
    by_postcode = find_place("usine en panne, 27000", places)
    assert by_postcode is not None and (by_postcode.kind, by_postcode.code) == ("postcode", "27229")
    by_number = find_place("une commune dans le 50", places)
    assert by_number is not None and (by_number.kind, by_number.code) == ("department", "50")
    by_name = find_place("syndicat d'eau du Calvados", places)
    assert by_name is not None and (by_name.kind, by_name.code) == ("department", "14")
    assert find_place("on est 50 salariés", places) is None


def test_commune_wins_over_department_and_postcode(places: Gazetteer) -> None:
    found = find_place("Calvados, 14000, agence à Bayeux", places)
    assert found is not None and found.code == "14047"


def test_ambiguous_name_resolves_to_most_populated() -> None:
    small = Commune("50570", "Sotteville", 49.5, -1.7, "50", "28", population=300)
    big = Commune("76681", "Sotteville", 49.4, 1.09, "76", "28", population=29000)
    gaz = build_gazetteer([small, big], [Department("50", "Manche")])
    found = find_place("à Sotteville", gaz)
    assert found is not None and found.code == "76681"


def test_aliases_from_the_caller() -> None:
    caen = Commune("14118", "Caen", 49.18, -0.37, "14", "28", population=108000)
    gaz = build_gazetteer([caen], [], aliases={"Venoix": "14118", "Nowhere": "99999"})
    found = find_place("un bureau à Venoix", gaz)
    assert found is not None and found.code == "14118"
    assert find_place("un bureau à Nowhere", gaz) is None


# --- place given first; a text place only as a proper noun in context (issue 9, item 1) ------

from maillage_core.matching.places import Area, given_place, locate  # noqa: E402

# Communes whose names are everyday French nouns, inside and outside the served region (28).
COMMON_NOUN_COMMUNES = [
    Commune("34203", "Les Plans", 43.65, 3.37, "34", "76", population=300),
    Commune("97407", "Le Port", -20.93, 55.29, "974", "04", population=32000),
    Commune("83062", "La Garde", 43.12, 6.01, "83", "93", population=25000),
    Commune("50310", "Le Mesnil", 49.4, -1.5, "50", "28", population=200),
    Commune("27226", "Essay", 48.55, 0.25, "61", "28", population=500),
    Commune("61999", "Bourg", 48.6, 0.1, "61", "28", population=100),
    Commune("27666", "Val", 49.2, 1.1, "27", "28", population=100),
    Commune("14500", "Le Pin", 49.1, 0.2, "14", "28", population=300),
    Commune("76111", "Bois", 49.5, 1.0, "76", "28", population=100),
    Commune("50999", "La Lande", 49.0, -1.2, "50", "28", population=100),
    Commune("76222", "Rue", 49.6, 1.2, "76", "28", population=100),
    Commune("27229", "Évreux", 49.02, 1.15, "27", "28", population=47000),
    Commune("14118", "Caen", 49.18, -0.37, "14", "28", population=108000),
]
COMMON_GAZ = build_gazetteer(
    COMMON_NOUN_COMMUNES, [Department("27", "Eure", 49.02, 1.15), Department("50", "Manche")]
)
EURE = given_place(PlaceMatch("department", "27", "Eure", 49.02, 1.15, "27", "27"))

COMMON_NOUN_TEXTS = [
    "il nous faut les plans de nos canalisations sur tablette",
    "LES PLANS DE NOS CANALISATIONS SUR TABLETTE",
    "Les plans de nos canalisations sont sur papier",
    "nos camions stationnent sur le port",
    "SUR LE PORT DE COMMERCE",
    "la garde des données de santé",
    "La Garde des données de santé",
    "au mesnil on a un souci",
    "un essay de la solution",
    "le centre bourg de la commune",
    "au fond du val",
    "une scierie dans le bois",
    "DANS LE BOIS",
    "sur la lande",
    "dans la rue principale",
    "DANS LA RUE PRINCIPALE",
]


@pytest.mark.parametrize("text", COMMON_NOUN_TEXTS)
def test_common_nouns_that_are_commune_names_are_not_places(text: str) -> None:
    assert find_place(text, COMMON_GAZ, Area(region="28")) is None
    assert locate(text, COMMON_GAZ, region="28") is None
    # With a given place, the text never overrides it.
    assert locate(text, COMMON_GAZ, given=EURE, region="28") == EURE


def test_the_given_place_wins_over_a_far_commune_in_the_text() -> None:
    # A capitalised name after a preposition, but outside the given département and region.
    text = "relever le réseau aux Plans et à La Garde"
    assert locate(text, COMMON_GAZ, given=EURE, region="28") == EURE
    found = locate(text, COMMON_GAZ, region="28")
    assert found is None


def test_a_text_commune_inside_the_given_departement_refines_it() -> None:
    found = locate("une PME à Évreux", COMMON_GAZ, given=EURE, region="28")
    assert found is not None and (found.kind, found.code, found.source) == (
        "commune",
        "27229",
        "text",
    )
    assert "précise le lieu indiqué (Eure)" in found.why
    # A commune of the region outside the given département does not.
    assert locate("une PME à Caen", COMMON_GAZ, given=EURE, region="28") == EURE


def test_a_given_commune_is_final() -> None:
    caen = given_place(PlaceMatch("commune", "14118", "Caen", 49.18, -0.37, "14118", "14"))
    assert locate("une PME à Évreux", COMMON_GAZ, given=caen, region="28") == caen
    assert caen.why == "lieu indiqué avec le besoin (commune Caen)"


def test_without_a_given_place_the_text_place_must_be_in_the_served_region() -> None:
    found = locate("une PME à Évreux", COMMON_GAZ, region="28")
    assert found is not None and found.code == "27229" and found.source == "text"
    assert locate("nos bureaux à La Garde", COMMON_GAZ, region="28") is None
    assert locate("une PME à ÉVREUX", COMMON_GAZ, region="28") is None  # all capitals
    by_postcode = build_gazetteer(
        [Commune("27229", "Évreux", 49.02, 1.15, "27", "28", postcodes=("27000",))], []
    )
    assert locate("atelier, 27000", by_postcode, region="28") is not None
    assert locate("atelier, 27000", by_postcode, region="11") is None
