"""Finding the place of a need: communes, short names, contractions, postcodes, départements."""

from __future__ import annotations

import pytest

from maillage_core.matching import Commune, Department, Gazetteer, build_gazetteer
from maillage_core.matching.places import find_place


@pytest.mark.parametrize(
    ("text", "code", "evidence"),
    [
        ("PME à Évreux", "27229", "Évreux"),
        ("pme a evreux", "27229", "evreux"),
        ("clinique de Saint-Lô", "50502", "Saint-Lô"),
        ("on est a st lo", "50502", "st lo"),
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
