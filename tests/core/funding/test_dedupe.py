"""Canonical URLs, normalised titles, duplicate detection across sources, content hash."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from maillage_core.funding.dedupe import (
    canonical_url,
    dedupe_key,
    group_duplicates,
    normalise_title,
    same_call,
    title_similarity,
)
from maillage_core.funding.types import CallRecord, content_hash


def call(
    title: str,
    *,
    url: str = "",
    funders: tuple[str, ...] = (),
    deadline: date | None = None,
    source: str = "s",
    external_id: str = "",
) -> CallRecord:
    return CallRecord(
        source=source,
        external_id=external_id or title,
        title=title,
        url=url,
        funders=funders,
        deadline=deadline,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Normandie.FR/Aides/Cyber/", "https://normandie.fr/Aides/Cyber"),
        ("http://normandie.fr/aides/cyber#eligibilite", "https://normandie.fr/aides/cyber"),
        (
            "https://a.fr/p?utm_source=rss&utm_medium=feed&id=3&fbclid=x&b=2",
            "https://a.fr/p?b=2&id=3",
        ),
        ("https://a.fr:443/p/", "https://a.fr/p"),
        ("https://a.fr:8443/p", "https://a.fr:8443/p"),
        ("https: //a.fr/p", "https://a.fr/p"),
        ("https://a.fr/", "https://a.fr"),
        ("ftp://a.fr/p", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_normalise_title_ignores_accents_case_punctuation_stop_words() -> None:
    a = normalise_title("Appel à projets : « Industrie du Futur » !")
    b = normalise_title("APPEL A PROJET INDUSTRIE DU FUTUR")
    assert a == b
    assert "du" not in a.split()


def test_same_call_across_sources() -> None:
    region = call(
        "Appel à projets Cybersécurité des PME",
        url="https://www.normandie.fr/aap-cyber?utm_source=newsletter",
        funders=("Région Normandie",),
        deadline=date(2026, 6, 30),
    )
    feed = call(
        "Appel à projet cybersecurite des PME",
        url="https://normandie.fr/aap-cyber/",
        deadline=date(2026, 6, 30),
        source="rss",
    )
    assert same_call(region, feed)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # same page, different wording
        (
            call("Chèque numérique", url="https://a.fr/c"),
            call("Aide TPE", url="https://a.fr/c/"),
            True,
        ),
        # same home page is not enough
        (
            call("Chèque numérique", url="https://a.fr"),
            call("Aide TPE", url="https://a.fr/"),
            False,
        ),
        # same title, different deadlines: two editions
        (
            call("AAP Industrie du futur", deadline=date(2025, 3, 1)),
            call("AAP Industrie du futur", deadline=date(2026, 3, 1)),
            False,
        ),
        # same title, one deadline unknown
        (
            call("AAP Industrie du futur", deadline=date(2026, 3, 1)),
            call("AAP industrie du futur"),
            True,
        ),
        # same title, funders with nothing in common
        (
            call("Prêt d'honneur", funders=("Initiative Calvados",)),
            call("Prêt d'honneur", funders=("Initiative Manche",)),
            False,
        ),
        # the same funder spelt differently
        (
            call("Chèque numérique", funders=("Région Normandie",)),
            call("Chèque numérique", funders=("Conseil régional de Normandie",)),
            True,
        ),
        (
            call("Prêt d'amorçage", funders=("BPI France",)),
            call("Prêt d’amorçage", funders=("Bpifrance",)),
            True,
        ),
        # one shared funder is enough
        (
            call("Prêt d'honneur", funders=("Initiative Calvados", "Bpifrance")),
            call("Prêts d’honneur", funders=("BPIFRANCE",)),
            True,
        ),
        # different calls
        (call("Diagnostic cybersécurité"), call("Diagnostic écoconception"), False),
    ],
)
def test_same_call_cases(a: CallRecord, b: CallRecord, expected: bool) -> None:
    assert same_call(a, b) is expected
    assert same_call(b, a) is expected


def test_title_similarity() -> None:
    assert title_similarity("Aide à l'export", "aides a l export") == 1.0
    assert title_similarity(
        "Diagnostic cybersécurité", "Diagnostic écoconception"
    ) == pytest.approx(1 / 3)


def test_dedupe_key_string() -> None:
    key = dedupe_key(call("Chèque Numérique", funders=("Région", "AD"), deadline=date(2026, 1, 2)))
    assert key.as_string() == "chequ numer|ad;region|2026-01-02"  # "region" alone: joined form


def test_group_duplicates_links_transitively_and_deterministically() -> None:
    records = [
        call("Appel à projets Industrie du futur 2026", url="https://adn.fr/idf", source="a"),
        call("Impulsion Export", source="a"),
        call("AAP industrie du futur 2026", url="https://adn.fr/idf/?utm_source=x", source="b"),
        call("Impulsion export", source="c", funders=("AD Normandie",)),
        call("Chèque numérique", source="c"),
        call("Appel a projets industrie du futur 2026", source="d"),
    ]
    assert group_duplicates(records) == [[0, 2, 5], [1, 3]]


def _brute_force(records: list[CallRecord]) -> list[list[int]]:
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            if same_call(records[i], records[j]):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(records)):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def test_prefix_filtering_finds_the_same_groups_as_all_pairs() -> None:
    words = [
        "aide",
        "appel",
        "projet",
        "numérique",
        "industrie",
        "export",
        "cyber",
        "données",
        "région",
        "prêt",
        "innovation",
    ]
    rng = random.Random(7)
    records = []
    for i in range(150):
        title = " ".join(rng.sample(words, rng.randint(2, 6)))
        records.append(call(title, external_id=str(i), url=f"https://a.fr/{rng.randint(0, 250)}"))
    groups = group_duplicates(records)
    assert groups == _brute_force(records)
    assert len(groups) > 5  # the generated data does contain duplicates


def test_content_hash_ignores_key_whitespace_and_order_but_not_content() -> None:
    base = call("Chèque numérique", funders=("A", "B"), deadline=date(2026, 1, 1))
    assert content_hash(base) == content_hash(replace(base, source="other", external_id="x"))
    assert content_hash(base) == content_hash(replace(base, title="Chèque   numérique "))
    assert content_hash(base) == content_hash(replace(base, funders=("B", "A")))
    assert content_hash(base) != content_hash(replace(base, deadline=date(2026, 1, 2)))
    assert content_hash(base) != content_hash(replace(base, title="Chèque numérique 2"))
    assert base.content_hash == content_hash(base)
