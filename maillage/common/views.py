from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.directory.models import Organisation
from maillage.directory.selectors import (
    organisation_counts_by_department,
    organisation_counts_by_kind,
)

HOME_DEPARTMENTS = 6


def home(request: HttpRequest) -> HttpResponse:
    """Search box, key figures of the directory (active organisations) and entry points."""
    kinds = organisation_counts_by_kind()
    departments = organisation_counts_by_department()
    totals = {
        "organisations": sum(k.count for k in kinds),
        "members": Organisation.objects.active().members().count(),
        "departments": len(departments),
    }
    largest = sorted(departments, key=lambda d: (-d.count, d.code))[:HOME_DEPARTMENTS]
    context = {
        "totals": totals,
        "kinds": [
            {"value": k.code, "label": k.label[:1].upper() + k.label[1:], "count": k.count}
            for k in kinds
        ],
        "departments": [{"code": d.code, "name": d.label, "count": d.count} for d in largest],
    }
    return render(request, "common/home.html", context)
