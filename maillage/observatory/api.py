"""API v1 — observatory: protected aggregate tables and the barometer (no row, no identifier)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maillage.observatory import selectors

router = Router()


class TableOut(Schema):
    name: str
    title: str
    row_key: str  # what the row keys are: code_rome, code_naf, domaine or metier_bmo
    rows: list[str]
    row_labels: list[str]  # the label of each row key ("" when the key is its own label)
    cols: list[str]
    cells: list[list[float | None]]  # null: suppressed (secret statistique)
    row_totals: list[float | None]
    col_totals: list[float | None]
    total: float | None
    suppressed: int


class BarometerOut(Schema):
    available: bool
    summary: dict[str, Any]


@router.get("/tables", response=list[dict[str, str]])
def tables(request: HttpRequest) -> list[dict[str, str]]:
    """The published open-data tables."""
    return [{"name": k, "title": v} for k, v in selectors.EXPORTS.items()]


@router.get("/tables/{name}", response=TableOut)
def table(request: HttpRequest, name: str) -> dict[str, Any]:
    """One table after small-cell suppression (values of 1 to 2 units, or 1 to 10 requests)."""
    if name not in selectors.EXPORTS:
        raise Http404("unknown table")
    pub = selectors.published(name)
    if pub is None:
        raise Http404("no snapshot yet")
    row_key, labels = selectors.export_rows(name, pub.rows)
    return {
        "name": name,
        "title": selectors.EXPORTS[name],
        "row_key": row_key,
        "rows": list(pub.rows),
        "row_labels": [(labels or {}).get(r, "") for r in pub.rows],
        "cols": list(pub.cols),
        "cells": [[c.value for c in row] for row in pub.cells],
        "row_totals": [c.value for c in pub.row_totals],
        "col_totals": [c.value for c in pub.col_totals],
        "total": pub.total.value,
        "suppressed": pub.suppressed_count,
    }


@router.get("/barometre", response=BarometerOut)
def barometer(request: HttpRequest) -> dict[str, Any]:
    """Digital establishments and estimated jobs, the region's share of France, with the
    source, its date and the digital-sector definition version."""
    summary = selectors.barometer_summary()
    return {"available": summary is not None, "summary": summary or {}}
