"""The profile told back in French, citing its evidence."""

from __future__ import annotations

from maillage_core.matching import Gazetteer, Lexicon, analyse_need
from maillage_core.matching.describe import describe_profile, euros


def test_describe_a_full_profile(lexicon: Lexicon, places: Gazetteer) -> None:
    p = analyse_need(
        "PME de 50 salariés à Évreux : audit de sécurité d'ici juin, entre 8 et 12 k€",
        lexicon=lexicon,
        places=places,
    )
    lines = describe_profile(p)
    assert "Domaines : Cybersécurité (« audit de sécurité »)" in lines
    assert "Compétences : audit de sécurité" in lines
    assert "Lieu : Évreux (commune, « Évreux » dans le texte)" in lines
    assert "Taille : PME, 50 salariés (« PME (50 salariés) »)" in lines
    assert "Budget : entre 8\u202f000 € et 12\u202f000 € (« entre 8 et 12 k€ »)" in lines
    assert "Échéance : « d'ici juin »" in lines
    assert "Label attendu : PASSI (« audit de sécurité »)" in lines


def test_describe_an_emergency_first(lexicon: Lexicon, places: Gazetteer) -> None:
    p = analyse_need("on s'est fait pirater ce matin", lexicon=lexicon, places=places)
    lines = describe_profile(p)
    assert lines[0] == "Urgence : incident en cours (« pirater », « ce matin »)"
    assert "Label attendu : PRIS ou ExpertCyber (« pirater »)" in lines


def test_euros() -> None:
    assert euros(1_500_000) == "1\u202f500\u202f000 €"
    assert euros(950) == "950 €"
