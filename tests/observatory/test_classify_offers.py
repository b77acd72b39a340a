"""`maillage observatory classify-offers`: JSON lines in, JSON lines out, clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _run(monkeypatch: pytest.MonkeyPatch, text: str) -> list[dict[str, object]]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("observatory_classify_offers", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_classifies_each_line(monkeypatch: pytest.MonkeyPatch, mini_opendata: None) -> None:
    lines = [
        {"id": "a1", "intitule": "Développeur full stack H/F", "description": "Python, Django"},
        {"id": "b2", "intitule": "Analyste SOC (H/F)", "description": "cybersécurité, SIEM"},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    rows = _run(monkeypatch, text)
    assert [r["id"] for r in rows] == ["a1", "b2"]
    assert rows[0]["rome"][0] == "M1805"  # type: ignore[index]  # JSON list
    assert rows[1]["rome"][0] == "M1844"  # type: ignore[index]  # JSON list
    assert all(set(r) == {"id", "rome", "skills"} for r in rows)
    assert all(len(r["rome"]) <= 3 for r in rows)  # type: ignore[arg-type]  # JSON list
    # ESCO skills mentioned ("Python", an alternative label of the mini ESCO's skill)
    esco = [s for s in rows[0]["skills"] if s["kind"] == "esco"]  # type: ignore[union-attr,index]
    assert esco == [
        {
            "code": "http://data.europa.eu/esco/skill/test-python",
            "label": "Python (programmation informatique)",
            "kind": "esco",
        }
    ]
    assert not any(s["kind"] == "esco" for s in rows[1]["skills"])  # type: ignore[union-attr,index]


def test_bad_line_names_the_line(monkeypatch: pytest.MonkeyPatch, mini_opendata: None) -> None:
    with pytest.raises(CommandError, match="line 2: not valid JSON"):
        _run(monkeypatch, '{"id": "1", "intitule": "Programmeur"}\n{oops\n')
    with pytest.raises(CommandError, match="line 1: field 'id' is missing"):
        _run(monkeypatch, '{"intitule": "Programmeur"}\n')


def test_clear_error_without_rome(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="ROME referential is not loaded"):
        _run(monkeypatch, '{"id": "1", "intitule": "x"}\n')
