"""The need lexicon: catalogue keywords, the network's phrases, and ROME/ESCO labels."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from maillage_core.catalogue import DOMAIN_BY_SLUG, LABEL_BY_SLUG
from maillage_core.matching import Gazetteer, analyse_need, build_lexicon, default_lexicon
from maillage_core.matching.lexicon import NEED_LEXICON, domain_affinity
from maillage_core.matching.tokens import phrase_terms


def test_need_lexicon_uses_known_domains_and_labels() -> None:
    for entry in NEED_LEXICON:
        assert phrase_terms(entry.phrase), entry.phrase
        assert all(d in DOMAIN_BY_SLUG and 0 < w <= 1 for d, w in entry.domains), entry.phrase
        assert all(label in LABEL_BY_SLUG for label in entry.labels), entry.phrase


def test_every_catalogue_keyword_is_in_the_lexicon() -> None:
    lexicon = build_lexicon()
    unreachable = []
    for domain in DOMAIN_BY_SLUG.values():
        for keyword in domain.keywords:
            if phrase_terms(keyword):
                assert phrase_terms(keyword) in lexicon.entries, keyword
            else:
                unreachable.append(keyword)
    # "mes" (MES, manufacturing execution system) is a stop word once lower-cased
    assert unreachable == ["mes"]


def test_related_domains_are_symmetric() -> None:
    assert domain_affinity("ia", "data") == domain_affinity("data", "ia") == 0.5
    assert domain_affinity("web", "web") == 1.0
    assert domain_affinity("web", "cybersecurite") == 0.0


def test_taxonomy_labels_inherit_domains_from_their_words(places: Gazetteer) -> None:
    pairs = [
        ("réaliser des tests d'intrusion", "effectuer des tests de pénétration"),
        ("gérer une base de données", "administrer des bases de données"),
        ("Haskell", "Haskell"),  # one term: too vague, skipped
    ]
    lexicon = build_lexicon(taxonomy=pairs)
    pentest = lexicon.entries[phrase_terms("réaliser des tests d'intrusion")]
    assert dict(pentest.domains)["cybersecurite"] == pytest.approx(0.8)
    assert pentest.skills[0] == "réaliser des tests d'intrusion"
    assert "test d'intrusion" in pentest.skills
    alternative = lexicon.entries[phrase_terms("administrer des bases de données")]
    assert alternative.skills == ("gérer une base de données",)
    assert phrase_terms("Haskell") not in lexicon.entries
    # the network's own phrases are never replaced by a taxonomy label
    own = build_lexicon(taxonomy=[("audit de sécurité informatique", "audit de sécurité")])
    assert own.entries[phrase_terms("audit de sécurité")].labels == ("passi",)
    profile = analyse_need(
        "il faut administrer des bases de données", lexicon=lexicon, places=places
    )
    assert [s.key for s in profile.skills] == ["gérer une base de données"]
    assert "data" in profile.domain_weights()


@pytest.mark.shared_data
def test_real_esco_digital_skills(shared_data: Path, places: Gazetteer) -> None:
    path = shared_data / "esco" / "esco_competences_numeriques_fr.csv"
    pairs: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pairs.append((row["preferredLabel"], row["preferredLabel"]))
            pairs.extend(
                (row["preferredLabel"], alt) for alt in row["altLabels"].splitlines() if alt
            )
    lexicon = build_lexicon(taxonomy=pairs)
    assert len(lexicon.entries) > len(build_lexicon().entries) + 100
    assert lexicon.vocabulary == build_lexicon().vocabulary  # typo tolerance stays on our words
    profile = analyse_need(
        "PME à Caen : on veut développer des applications mobiles", lexicon=lexicon, places=places
    )
    assert profile.domains[0].key == "logiciel"


def test_default_lexicon_is_built_once() -> None:
    assert default_lexicon() is default_lexicon()
    assert default_lexicon().entries == build_lexicon().entries
