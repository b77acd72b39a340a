"""Loading the hand-written evaluation set (directory, needs, gazetteer) into core objects.

Shared by the tests and usable by benchmarks: everything here is plain file reading plus
the pure adapters, so it needs no database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maillage_core.matching import (
    Candidate,
    Commune,
    Department,
    Gazetteer,
    build_gazetteer,
)
from maillage_core.text import analyse

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "matching"


# The places are the bundled open-data sample (read as files: no Django in core tests).
SAMPLE = Path(__file__).resolve().parents[3] / "maillage" / "opendata" / "sample"
SAMPLE_NAMES = {"places.jsonl": "communes.jsonl", "departments.jsonl": "departements.jsonl"}


def _lines(name: str) -> Iterator[dict[str, Any]]:
    path = SAMPLE / SAMPLE_NAMES[name] if name in SAMPLE_NAMES else FIXTURES / name
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def directory_rows() -> list[dict[str, Any]]:
    return list(_lines("directory.jsonl"))


def need_rows() -> list[dict[str, Any]]:
    return list(_lines("needs.jsonl"))


def gazetteer() -> Gazetteer:
    communes = [
        Commune(
            insee=r["insee"],
            name=r["name"],
            lat=r["lat"],
            lon=r["lon"],
            department=r["department"],
            region=r["region"],
            population=r["population"],
            postcodes=tuple(r["postcodes"]),
        )
        for r in _lines("places.jsonl")
    ]
    departments = [
        Department(r["code"], r["name"], r["lat"], r["lon"]) for r in _lines("departments.jsonl")
    ]
    return build_gazetteer(communes, departments)


def document_terms(row: Mapping[str, Any]) -> list[str]:
    """The analysed text a search index would hold for an organisation."""
    return analyse(" ".join([row["name"], row["description"], " ; ".join(row["skills"])]))


def candidate(row: Mapping[str, Any]) -> Candidate:
    return Candidate(
        id=row["id"],
        name=row["name"],
        domains=frozenset(row["domains"]),
        skills=frozenset(document_terms(row)),
        labels=frozenset(row["labels"]),
        lat=row["lat"],
        lon=row["lon"],
        commune_name=row["commune_name"],
        hq_region=row["hq_region"],
        hq_country=row["hq_country"],
        size_band=row["size_band"],
        is_member=row["member"],
        kind=row["kind"],
        on_call=bool(row.get("emergency", {}).get("on_call", False)),
        response_hours=row.get("emergency", {}).get("response_hours"),
    )


@dataclass(frozen=True)
class EvalSet:
    rows: list[dict[str, Any]]
    candidates: list[Candidate]
    documents: dict[str, list[str]]
    needs: list[dict[str, Any]]
    gazetteer: Gazetteer


def load() -> EvalSet:
    rows = directory_rows()
    return EvalSet(
        rows=rows,
        candidates=[candidate(r) for r in rows],
        documents={r["id"]: document_terms(r) for r in rows},
        needs=need_rows(),
        gazetteer=gazetteer(),
    )
