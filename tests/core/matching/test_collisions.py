"""Lexicon hygiene: whole analysed words only, exact forms for one-word keywords, typo
tolerance of one real edit, inclusive writing normalised (issue 9, item 5)."""

from __future__ import annotations

import pytest

from maillage_core.matching import Gazetteer, Lexicon, analyse_need, build_gazetteer
from maillage_core.matching.analyse import one_edit_apart

NO_PLACES: Gazetteer = build_gazetteer([], [])


def _read(text: str, lexicon: Lexicon) -> tuple[set[str], set[str]]:
    profile = analyse_need(text, lexicon=lexicon, places=NO_PLACES)
    return {d.key for d in profile.domains}, {s.key for s in profile.skills}


# A word of everyday French that must not be read as the keyword it shares a stem, a prefix
# or a deletion neighbourhood with.
COLLISIONS = [
    ("Nous avons souvent des coupures le matin", "subvention"),
    ("La date de la réunion approche", "data"),
    ("Des dates de livraison plus fiables", "data"),
    ("Notre fils subit du cyberharcèlement au collège", "cyber"),
    ("Développeur/euse Java recherché(e)", "développement"),
    ("On cherche un développeur confirmé", "développement"),
    ("Le développement économique du territoire", "développement"),
    ("Notre développement commercial à l'export", "développement"),
    ("La cloudification du monde est un grand mot", "cloud"),
    ("Les sauvegardistes du patrimoine local", "sauvegarde"),
]


@pytest.mark.parametrize(("text", "keyword"), COLLISIONS)
def test_everyday_words_do_not_collide_with_keywords(
    text: str, keyword: str, lexicon: Lexicon
) -> None:
    domains, skills = _read(text, lexicon)
    assert not domains, (text, domains)
    assert not skills, (text, skills)


MUST_MATCH = [
    ("Nous voulons ouvrir un site marchand pour nos fromages", "web"),
    ("Un rançongiciel a bloqué la comptabilité", "cybersecurite"),
    ("Des rançongiciels circulent, comment se protéger ?", "cybersecurite"),
    ("On veut faire de la maintenance prédictive sur nos presses", "ia"),
    ("Nous cherchons à valoriser nos données de production", "data"),
    ("Une cybersécurité à renforcer", "cybersecurite"),
    ("Une cybersecurite a renforcer", "cybersecurite"),
]


@pytest.mark.parametrize(("text", "domain"), MUST_MATCH)
def test_phrases_and_their_inflections_still_match(
    text: str, domain: str, lexicon: Lexicon
) -> None:
    domains, _ = _read(text, lexicon)
    assert domain in domains, (text, domains)


def test_a_real_typo_is_still_corrected(lexicon: Lexicon) -> None:
    domains, _ = _read("un rancongicel a bloqué nos postes", lexicon)
    assert "cybersecurite" in domains


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("souvent", "subvent", False),  # share the deletion "suvent": two edits
        ("rancongicel", "rancongiciel", True),  # deletion
        ("cybersecurtie", "cybersecurite", True),  # adjacent transposition
        ("maintenence", "maintenance", True),  # substitution
        ("abc", "abc", False),
        ("abcdef", "abcxyz", False),
    ],
)
def test_one_edit_apart(a: str, b: str, expected: bool) -> None:
    assert one_edit_apart(a, b) is expected
    assert one_edit_apart(b, a) is expected
