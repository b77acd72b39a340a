"""`maillage search`, `maillage index rebuild`, `maillage index check`."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from maillage.directory.models import Organisation
from maillage.search.services import store

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


def test_search_json(directory: dict[str, Organisation]) -> None:
    payload = run_json("search", "cybersécurité Caen")
    assert payload["total"] == 3
    first = payload["hits"][0]
    assert set(first) == {"id", "name", "score", "distance_km", "commune"}
    assert first["name"] == "Normandie Cyber Défense" and first["commune"] == "Caen"
    assert payload["facets"]["department"] == [["14", 3]]


def test_search_filters_and_radius(directory: dict[str, Organisation]) -> None:
    payload = run_json(
        "search", "cybersécurité", "--near", "14118", "--radius", "30", "--kind", "company"
    )
    names = {h["name"] for h in payload["hits"]}
    assert names == {"Normandie Cyber Défense", "Vigie SOC Normandie"}
    assert all(0 <= h["distance_km"] <= 30 for h in payload["hits"])
    only_manche = run_json("search", "cybersécurité", "--department", "50", "--limit", "1")
    assert only_manche["total"] == 2 and len(only_manche["hits"]) == 1
    assert only_manche["pages"] == 2


def test_search_table(directory: dict[str, Organisation]) -> None:
    text = run("search", "jeux vidéo")
    assert text.splitlines()[0] == "2 résultat(s) — page 1/1"
    assert "Studio Falaise" in text and "Ludik Normand" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cyber", "--radius", "10"), "--near"),
        (("cyber", "--near", "99999", "--radius", "10"), "commune"),
        (("cyber", "--limit", "500"), "per_page"),
        (("cyber", "--page", "0"), "page"),
    ],
)
def test_search_bad_input(
    directory: dict[str, Organisation], args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run("search", *args)


def test_index_rebuild_json(directory: dict[str, Organisation]) -> None:
    payload = run_json("index_rebuild")
    assert payload["indexed"] == 30


def test_index_check_reports_and_repairs(directory: dict[str, Organisation]) -> None:
    assert run_json("index_check")["missing"] == 0
    store().update([], [directory["ncd"].id])
    dry = run_json("index_check", "--dry-run")
    assert (dry["missing"], dry["repaired"]) == (1, False)
    assert "1 absents de l'index" in run("index_check")
    assert run("index_check") == "index cohérent avec la base\n"
