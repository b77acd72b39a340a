"""Reading what members write: service items, the domains they name, label spellings."""

from __future__ import annotations

import pytest

from maillage_core.catalogue import BROAD_KEYWORDS, DOMAINS, LABELS
from maillage_core.member_sheet import (
    domain_matcher,
    item_domains,
    label_candidates,
    label_key,
    label_spellings,
    specialty_key,
    split_items,
)

MATCHER = domain_matcher()


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("IA; MLOps; Détection d'anomalies", ["IA", "MLOps", "Détection d'anomalies"]),
        ("Cloud | DevOps", ["Cloud", "DevOps"]),
        ("- Pentest\n- SOC managé\n", ["Pentest", "SOC managé"]),
        ("Audit, conseil, formation", ["Audit", "conseil", "formation"]),
        ("Audit, conseil; formation", ["Audit, conseil", "formation"]),  # ";" wins over ","
        ("UX/UI; ISO/IEC", ["UX/UI", "ISO/IEC"]),
        ("MLOps;  mlops ;;", ["MLOps"]),
        ("", []),
    ],
)  # fmt: skip
def test_split_items(cell: str, items: list[str]) -> None:
    assert split_items(cell) == items


@pytest.mark.parametrize(
    ("item", "slugs"),
    [
        ("Maintenance prédictive", ("ia",)),
        ("Tests d'intrusion", ("cybersecurite",)),
        ("Audit cybersécurité", ("cybersecurite",)),
        ("Sécurité des systèmes d'information", ("cybersecurite",)),
        ("Site marchand", ("web",)),
        ("Rançongiciel", ("cybersecurite",)),
        ("Formation", ("formation",)),
        ("Conseil et transformation numérique", ("conseil",)),
        ("iot", ("iot",)),
        ("web", ("web",)),
        # Must not collide: everyday words, stems, substrings.
        ("Développement économique", ()),
        ("souvent", ()),
        ("Développeur Java", ()),
        ("Date de livraison", ()),
        ("Formation des élus", ()),
        ("Médiation familiale", ()),
        ("Cyberharcèlement", ()),
        ("Via ferrata", ()),
        ("mes", ()),
        ("MLOps", ()),
    ],
)
def test_item_domains(item: str, slugs: tuple[str, ...]) -> None:
    assert item_domains(item, MATCHER) == slugs


def test_broad_keywords_are_catalogue_keywords() -> None:
    keywords = {k for d in DOMAINS for k in d.keywords}
    assert keywords >= BROAD_KEYWORDS


def test_specialty_key_ignores_case_accents_and_spacing() -> None:
    assert specialty_key(" MLOps ") == specialty_key("mlops")
    assert specialty_key("Détection d'anomalies") == specialty_key("detection  d’anomalies")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ISO 27001", "iso27001"),
        ("ISO/IEC 27001:2022", "ISO/IEC 27001"),
        ("Label ExpertCyber", "expertcyber"),
        ("Certifiée Qualiopi", "QUALIOPI"),
        ("Sec-Num-Cloud", "SecNumCloud"),
    ],
)
def test_label_key(a: str, b: str) -> None:
    assert label_key(a) == label_key(b)


def test_label_key_keeps_a_lone_prefix_word() -> None:
    assert label_key("Label") == "label"


def test_every_spelling_names_one_label_only() -> None:
    seen: dict[str, str] = {}
    for label in LABELS:
        for spelling in (label.slug, label.name, *label.aliases):
            key = label_key(spelling)
            assert seen.setdefault(key, label.slug) == label.slug, (spelling, seen[key])
    spellings = label_spellings()
    assert all(spellings[label_key(lbl.name)] == lbl.slug for lbl in LABELS)


def test_label_candidates_read_parentheses() -> None:
    keys = label_candidates("Hébergeur de données de santé (HDS)")
    assert "hds" in keys and label_key("Hébergeur de données de santé") in keys
