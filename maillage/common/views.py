from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.directory.models import MembershipStatus, Organisation, OrganisationKind
from maillage.opendata.models import Department


def home(request: HttpRequest) -> HttpResponse:
    """Search box, key figures of the directory and entry points."""
    active = Organisation.objects.active()
    totals = active.aggregate(
        organisations=Count("id"),
        members=Count("id", filter=Q(membership=MembershipStatus.MEMBER)),
        departments=Count("department_code", distinct=True),
    )
    by_kind = {
        row["kind"]: row["n"] for row in active.values("kind").annotate(n=Count("id")).order_by()
    }
    kinds = [
        {"value": k.value, "label": str(k.label).capitalize(), "count": by_kind.get(k.value, 0)}
        for k in OrganisationKind
        if by_kind.get(k.value)
    ]
    by_department = list(
        active.exclude(department_code="")
        .values("department_code")
        .annotate(n=Count("id"))
        .order_by("-n", "department_code")[:6]
    )
    names = dict(
        Department.objects.filter(
            code__in=[r["department_code"] for r in by_department]
        ).values_list("code", "name")
    )
    departments = [
        {"code": r["department_code"], "name": names.get(r["department_code"], ""), "count": r["n"]}
        for r in by_department
    ]
    context = {"totals": totals, "kinds": kinds, "departments": departments}
    return render(request, "common/home.html", context)
