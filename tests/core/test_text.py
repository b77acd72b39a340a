"""French analysis: folding, elisions, plurals, stemming, stop words, synonym expansion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.text import (
    EMPTY_LEXICON,
    analyse,
    build_lexicon,
    domain_concepts,
    expand_query,
    fold,
    gender_variants,
    normalise_inclusive,
    singular,
)

LEXICON = build_lexicon(domain_concepts())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("cybersécurité", "cybersecurite"),
        ("Cybersécurités", "cybersécurité"),
        ("jeux vidéo", "jeu video"),
        ("réseaux", "réseau"),
        ("journaux", "journal"),
        ("données", "DONNÉE"),
        ("l'intelligence artificielle", "intelligence artificielle"),
        ("L’IA", "ia"),
        ("jusqu'à l'œuvre", "oeuvre"),
        ("qu'il développe", "développe"),
        ("e-commerce", "ecommerce"),
        ("E-Commerce", "e-commerce"),
    ],
)
def test_same_tokens(a: str, b: str) -> None:
    assert analyse(a) == analyse(b)
    assert analyse(a)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("industrie 4.0", ["industr", "4.0"]),
        ("C++, C# et Python", ["c++", "c#", "python"]),
        ("la 5G privée", ["5g", "prive"]),
        ("Saint-Lô", ["saint", "lo"]),
        ("le la les de des du", []),
        ("", []),
        ("  ,;:!? ", []),
    ],
)
def test_tokens(text: str, tokens: list[str]) -> None:
    assert analyse(text) == tokens


def test_distinct_words_stay_distinct() -> None:
    assert analyse("sécurité") != analyse("société")
    assert analyse("maintenance informatique") != analyse("sécurité informatique")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("jeux", "jeu"),
        ("reseaux", "reseau"),
        ("chevaux", "cheval"),
        ("travaux", "travail"),
        ("videos", "video"),
        ("process", "process"),
        ("ux", "ux"),
        ("ssi", "ssi"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_fold() -> None:
    assert fold("Œuvre À l’Été — Ça") == "oeuvre a l'ete — ca"


FRENCH = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ ABCDÉÈÀÇ'’-.,;0123456789+#")
    ),
    max_size=60,
)


@given(st.text(max_size=80))
def test_accent_insensitive_for_any_string(text: str) -> None:
    assert analyse(text) == analyse(fold(text))


@given(FRENCH)
def test_case_insensitive(text: str) -> None:
    assert analyse(text) == analyse(text.upper()) == analyse(text.lower())


@given(st.text(max_size=80))
def test_tokens_are_whitespace_free_and_nonempty(text: str) -> None:
    for token in analyse(text):
        assert token and not any(ch.isspace() for ch in token)
        assert token == token.lower()


@given(st.lists(FRENCH, max_size=4))
def test_analysis_is_compositional(parts: list[str]) -> None:
    """Analysing words one by one gives the same tokens as the whole text."""
    joined = " ".join(parts)
    assert analyse(joined) == [t for p in parts for t in analyse(p)]


def test_analyse_is_not_a_fixed_point() -> None:
    """Analysis is not idempotent — Snowball stems are not fixed points ("cybersecurit" →
    "cybersecur") — which is why only raw text is ever analysed, never tokens."""
    once = analyse("cybersécurité")
    assert analyse(" ".join(once)) != once


def test_expansion_multiword_phrase() -> None:
    groups = expand_query("sécurité informatique à Caen", LEXICON)
    assert [g.tokens for g in groups] == [("securit", "informat"), ("caen",)]
    assert groups[0].domains == ("cybersecurite",)
    assert ("cybersecurit",) in groups[0].alternatives
    assert groups[1].alternatives == () and groups[1].domains == ()


@pytest.mark.parametrize(
    ("query", "domain"),
    [
        ("rançongiciel", "cybersecurite"),
        ("site marchand", "web"),
        ("boutiques en ligne", "web"),
        ("maintenance prédictive", "ia"),
        ("objets connectés", "iot"),
    ],
)
def test_expansion_names_the_domain(query: str, domain: str) -> None:
    (group,) = expand_query(query, LEXICON)
    assert group.domains == (domain,)


def test_longest_phrase_wins() -> None:
    # "ia générative" is a phrase of its own; "ia" alone would also match.
    (group,) = expand_query("IA générative", LEXICON)
    assert group.tokens == ("ia", "gener")


def test_taxonomy_pairs_group_under_canonical() -> None:
    lexicon = build_lexicon(
        pairs=[
            ("Développeur / Développeuse web", "Développeur front-end"),
            ("Développeur / Développeuse web", "Intégrateur / Intégratrice web"),
        ]
    )
    (group,) = expand_query("intégratrice web", lexicon)
    assert group.alternatives == (
        tuple(analyse("Développeur web")),
        tuple(analyse("Développeuse web")),
        tuple(analyse("Développeur front-end")),
    )  # "intégrateur web" and "intégratrice web" analyse alike: the phrase the user typed
    assert group.domains == ()


@pytest.mark.parametrize(
    ("phrase", "variants"),
    [
        ("Développeur / Développeuse web", ["Développeur web", "Développeuse web"]),
        (
            "Chef de projet / Cheffe de projet informatique",
            ["Chef de projet informatique", "Cheffe de projet informatique"],
        ),
        ("Data scientist", ["Data scientist"]),
        ("A / B / C", ["A / B / C"]),
    ],
)
def test_gender_variants(phrase: str, variants: list[str]) -> None:
    assert gender_variants(phrase) == variants


def test_empty_lexicon_keeps_words() -> None:
    groups = expand_query("cybersécurité Caen", EMPTY_LEXICON)
    assert [g.tokens for g in groups] == [("cybersecurit",), ("caen",)]


def test_expansion_is_deterministic() -> None:
    assert expand_query("cyber data", LEXICON) == expand_query(
        "cyber data", build_lexicon(domain_concepts())
    )


# --- inclusive writing and mis-decoded accents ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("Développeur/euse Java", "développeur java"),
        ("Développeur.se Java", "développeur java"),
        ("développeur·euse java", "développeur java"),
        ("Développeur(se) Java", "développeur java"),
        ("Développeur Java (H/F)", "développeur java"),
        ("Développeur Java F/H", "développeur java"),
        ("Développeur Java (H/F/X)", "développeur java"),
        ("Chargé(e)s de mission", "chargés de mission"),
        ("Animateur.rice numérique", "animateur numérique"),
        ("Ingénieur·e·s cloud", "ingénieurs cloud"),
        ("Vendeur / Vendeuse", "vendeur"),
        ("Technicien/Technicienne réseaux", "technicien réseaux"),
    ],
)
def test_inclusive_writing_is_analysed_as_one_form(written: str, same_as: str) -> None:
    assert analyse(written) == analyse(same_as)


@pytest.mark.parametrize(
    "kept", ["java/jee", "client/serveur", "industrie 4.0", "tcp/ip", "b2b/b2c"]
)
def test_slashes_and_dots_that_are_not_gender_marks_are_kept(kept: str) -> None:
    assert normalise_inclusive(kept) == kept


def test_replacement_character_reads_as_an_accented_e() -> None:
    assert analyse("Cr\ufffdation des r\ufffdseaux") == analyse("Création des réseaux")
