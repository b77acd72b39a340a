"""Observatory data for page, export and access tests, written straight into snapshots."""

from __future__ import annotations

from datetime import date
from typing import Any

from maillage.observatory import snapshots
from maillage.observatory.models import Snapshot

DAY = date(2026, 4, 2)
# (rome, department, offers): M1844 in 50 has a single offer (primary suppression).
DEMAND = [
    ("M1805", "14", 12), ("M1805", "50", 5), ("M1805", "76", 20),
    ("M1844", "14", 4), ("M1844", "50", 1), ("M1844", "76", 6),
]  # fmt: skip


def _snap(kind: str, rows: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> None:
    path = snapshots.write_rows(kind, DAY, rows)
    Snapshot.objects.update_or_create(
        kind=kind, taken_on=DAY, defaults={"path": str(path), "rows": len(rows), "meta": meta or {}}
    )


def observatory_build() -> None:
    offers = [
        {
            "rome": r,
            "department": d,
            "month": "2026-03" if i % 2 else "2026-02",
            "skills": ["Écrire du code source"] if r == "M1805" else [],
        }
        for r, d, n in DEMAND
        for i in range(n)
    ]
    _snap("offers", offers)
    _snap("supply", [{"rome": "M1805", "department": "14", "places": 4}])
    _snap(
        "bmo",
        [
            {"occupation_code": "M2Z90", "occupation_label": "Ingénieurs informatique",
             "department": "14", "basin": "2817", "projects": 120, "difficult": 80,
             "seasonal": 0},
        ],
    )  # fmt: skip
    _snap("unmet", [{"domain": "cyber", "department": "14"}])
