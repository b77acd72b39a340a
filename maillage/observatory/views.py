"""Observatory pages: charts and maps (SVG), a printable report, CSV/Parquet exports.

Everything shown is an aggregate that went through `maillage_core.disclosure.protect`; the
pages are public (partners included) and carry nothing personal.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from maillage.observatory import contours, exports, selectors
from maillage.observatory.charts import Bar, bar_chart
from maillage.observatory.formatting import fr_number, fr_percent
from maillage.observatory.maps import choropleth
from maillage.opendata.selectors import department_names, rome_labels


def _context() -> dict[str, Any]:
    series, labels = selectors.demand_series()
    chart = ""
    if series is not None:
        chart = bar_chart(
            "Offres d'emploi par métier (ROME)",
            [
                Bar(f"{code} {labels.get(code, '')}".strip(), row[0].value)
                for code, row in zip(series.rows, series.cells, strict=True)
            ],
        )
    skills = selectors.skill_series()
    skills_chart = (
        bar_chart(
            "Compétences les plus citées dans les offres",
            [
                Bar(label, row[0].value)
                for label, row in zip(skills.rows, skills.cells, strict=True)
            ],
        )
        if skills is not None
        else ""
    )
    trends = selectors.monthly_trends()
    months_chart = (
        bar_chart("Offres d'emploi par mois", [Bar(t.month, t.value) for t in trends])
        if trends
        else ""
    )
    deps = contours.region_departments()
    names = department_names()
    by_dep = selectors.demand_by_department()
    offers_map = (
        choropleth("Offres d'emploi par département", deps, by_dep) if deps and by_dep else ""
    )
    region_codes = {code for code, _, _ in deps.shapes} if deps else set()
    # no offer placed in the region: the map is all "no data", say so in words
    offers_outside_only = bool(by_dep) and not any(by_dep.get(c) for c in region_codes)
    epcis = contours.region_epcis()
    by_epci = selectors.barometer_by("epci")
    epci_map = (
        choropleth("Établissements numériques par EPCI", epcis, by_epci)
        if epcis and by_epci
        else ""
    )
    by_dep_est = selectors.barometer_by("department")
    dep_est_map = (
        choropleth("Établissements numériques par département", deps, by_dep_est)
        if deps and by_dep_est
        else ""
    )
    baro = selectors.barometer_summary()
    bmo = selectors.bmo_summary()
    return {
        "demand_chart": mark_safe(chart),  # noqa: S308  # built by charts.py, every text escaped
        "skills_chart": mark_safe(skills_chart),  # noqa: S308  # built by charts.py, escaped
        "months_chart": mark_safe(months_chart),  # noqa: S308  # built by charts.py, escaped
        "trends": [
            {
                "month": t.month,
                "value": fr_number(t.value),
                "mom": fr_percent(t.mom),
                "yoy": fr_percent(t.yoy),
            }
            for t in trends
        ],
        "offers_map": mark_safe(offers_map),  # noqa: S308  # built by maps.py, escaped
        "offers_outside_only": offers_outside_only,
        "epci_map": mark_safe(epci_map),  # noqa: S308  # built by maps.py, escaped
        "dep_est_map": mark_safe(dep_est_map),  # noqa: S308  # built by maps.py, escaped
        "offers_by_department": [
            (names.get(code, code), fr_number(v)) for code, v in sorted(by_dep.items())
        ],
        "bmo_top": [
            (b.occupation, fr_number(b.projects), fr_percent(b.difficulty))
            for b in selectors.bmo_top()
        ],
        "tension": [
            {
                "rome": t.rome,
                "label": t.label,
                "department": _territory(names, t.department),
                "demand": fr_number(t.demand),
                "supply": fr_number(t.supply),
                "index": fr_number(round(t.index)),
            }
            for t in selectors.tension_rows()
        ],
        "gaps": _gaps(names),
        "bmo": {
            "projects": fr_number(bmo["projects"]),
            "difficult": fr_number(bmo["difficult"]),
            "rate": fr_percent(bmo["rate"]),
            "available": bool(bmo["projects"]),
        },
        "barometer": _barometer_context(baro),
        # (name, title, published yet): no link to an export that would answer 404
        "exports": [
            (name, title, selectors.published(name) is not None)
            for name, title in selectors.EXPORTS.items()
        ],
    }


def _territory(names: dict[str, str], code: str) -> str:
    """ "Ardèche (07)"; the bare code when the name is unknown."""
    return f"{names[code]} ({code})" if code in names else code


def _gaps(names: dict[str, str]) -> list[dict[str, str]]:
    gaps = selectors.gap_rows()
    labels = rome_labels([g.key for g in gaps])
    return [
        {
            "rome": g.key,
            "label": labels.get(g.key, ""),
            "department": _territory(names, g.territory),
            "demand": fr_number(g.demand),
        }
        for g in gaps
    ]


def _barometer_context(baro: dict[str, Any] | None) -> dict[str, Any] | None:
    if baro is None:
        return None
    return {
        "establishments": fr_number(baro["region"]["establishments"]),
        "employees": fr_number(baro["region"]["employees"]),
        "france_establishments": fr_number(baro["france"]["establishments"]),
        "france_employees": fr_number(baro["france"]["employees"]),
        "national": baro.get("national", True) and baro["share_establishments"] is not None,
        "share_establishments": fr_percent(baro["share_establishments"]),
        "share_employees": fr_percent(baro["share_employees"]),
        "source": baro["source"],
        "source_date": baro["source_date"],
        "definition_version": baro["definition_version"],
        "method": baro["employment_method"],
        "flows": [
            {
                "year": str(f["year"]),  # a year, not a quantity: no thousands separator
                "creations": fr_number(f["creations_region"]),
                "closures": fr_number(f["closures_region"]),
            }
            for f in baro["flows"][-8:]
        ],
    }


def observatory_page(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/index.html", _context())


def report_page(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/report.html", _context())


def export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in selectors.EXPORTS or fmt not in ("csv", "parquet"):
        raise Http404("export inconnu")
    table = selectors.published(name)
    if table is None:
        raise Http404("pas encore de données pour cet export")
    if fmt == "csv":
        row_title, labels = selectors.export_rows(name, table.rows)
        response = HttpResponse(
            exports.to_csv(table, row_title=row_title, labels=labels),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.to_parquet(table), content_type="application/vnd.apache.parquet"
        )
    response["Content-Disposition"] = f'attachment; filename="maillage-{name}.{fmt}"'
    return response
