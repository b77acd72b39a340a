"""Relevance on the hand-written fixture: accents, plurals, elisions, synonyms, ranking."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.directory.models import Organisation
from maillage.search.services import organisation_search
from maillage.search.types import SearchQuery

pytestmark = pytest.mark.django_db


def search_ids(text: str, **kwargs: Any) -> list[int]:
    result = organisation_search(SearchQuery(text=text, per_page=100, **kwargs))
    assert result.total == len(result.hits)
    return [h.organisation_id for h in result.hits]


def keys(orgs: dict[str, Organisation], found: list[int]) -> list[str]:
    by_id = {o.id: k for k, o in orgs.items()}
    return [by_id[i] for i in found]


def test_accents_and_case_do_not_matter(directory: dict[str, Organisation]) -> None:
    accented = search_ids("cybersécurité")
    assert search_ids("cybersecurite") == accented
    assert search_ids("CYBERSÉCURITÉS") == accented
    assert {"ncd", "cyberecole", "bastion"} <= set(keys(directory, accented))


def test_plural_and_singular_match_each_other(directory: dict[str, Organisation]) -> None:
    plural = keys(directory, search_ids("jeux vidéo"))
    singular = keys(directory, search_ids("jeu video"))
    assert set(plural[:2]) == {"falaise", "ludik"}
    assert set(singular[:2]) == {"falaise", "ludik"}


def test_elision_is_stripped(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("l'intelligence artificielle"))
    assert found[0] == "neuronord"
    # "intelligence économique" is not artificial intelligence.
    assert "evreuxdata" not in found


def test_synonym_ransomware_finds_cyber_firms(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("rançongiciel"))
    assert found[0] == "rempart"  # says it in its own words: ranked first
    assert {"ncd", "bastion", "vigie"} <= set(found)  # cyber domain through the lexicon
    assert "pixel" not in found


def test_multiword_synonym_securite_informatique(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("sécurité informatique"))
    assert "ncd" in found  # "cybersécurité" only, never "sécurité informatique"
    assert "bastion" in found
    assert "bocage" not in found  # "maintenance informatique" is not security


def test_site_marchand_finds_ecommerce_agency(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("site marchand"))
    assert "boutik" in found  # "sites marchands" literally
    assert "pixel" in found  # "e-commerce" through the lexicon
    assert found.index("boutik") < found.index("pixel")


def test_name_outranks_description(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("robotique"))
    assert found[0] == "robotique"


def test_place_and_topic_together(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("cybersécurité Caen"))
    # Both words required while something matches both: Caen's cyber firm and lab, and the
    # SOC in Hérouville-Saint-Clair, whose EPCI is "Caen la Mer".
    assert set(found) == {"ncd", "greyc", "vigie"}


def test_and_ish_falls_back_to_or(directory: dict[str, Organisation]) -> None:
    found = keys(directory, search_ids("cryptographie licorne"))
    assert found == ["greyc"]


def test_unknown_words_find_nothing(directory: dict[str, Organisation]) -> None:
    assert search_ids("zzyzx") == []


def test_version_tokens(directory: dict[str, Organisation]) -> None:
    assert keys(directory, search_ids("industrie 4.0"))[0] == "usine"


def test_ties_are_ordered_by_id(directory: dict[str, Organisation]) -> None:
    result = organisation_search(SearchQuery(text="numérique", per_page=100))
    pairs = [(h.score, h.organisation_id) for h in result.hits]
    assert pairs == sorted(pairs, key=lambda p: (-p[0], p[1]))
    assert search_ids("numérique") == search_ids("numérique")


def test_rome_appellations_are_synonyms(directory: dict[str, Organisation]) -> None:
    """Taxonomy pairs from the open data (appellation → fiche label) expand queries."""
    from maillage.opendata.models import RomeAppellation, RomeFiche
    from maillage.search.lexicon import reset_lexicon
    from maillage.search.services import index_organisations

    assert search_ids("programmeuse") == []  # builds the lexicon: no ROME yet
    fiche = RomeFiche.objects.create(code="M1805", label="Études et développement informatique")
    RomeAppellation.objects.create(code="38971", label="Programmeur / Programmeuse", fiche=fiche)
    org = Organisation.objects.create(
        name="Atelier Logique", description="Études et développement informatique sur mesure."
    )
    index_organisations([org.id])
    assert search_ids("programmeuse") == []  # the process keeps its lexicon…
    reset_lexicon()  # …until it is refreshed
    assert "Atelier Logique" in keys_by_name(search_ids("programmeuse"))


def keys_by_name(found: list[int]) -> list[str]:
    names = dict(Organisation.objects.filter(id__in=found).values_list("id", "name"))
    return [names[i] for i in found]
