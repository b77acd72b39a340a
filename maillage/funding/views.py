"""Public funding pages: search with facets, the call page, alert confirmation and
unsubscribe, iCalendar feeds."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.accounts import roles
from maillage.funding import access, adapters, alerts, ics_feeds, ranking, selectors
from maillage.funding.forms import AID_TYPES, AUDIENCES, THEMES, CallSearchForm
from maillage_core.funding.eligibility import assess

PER_PAGE = 20
LABELS = {**dict(THEMES), **dict(AUDIENCES), **dict(AID_TYPES)}


def _facet(name: str, counts: list[tuple[str, int]], selected: list[str]) -> dict[str, object]:
    return {
        "name": name,
        "options": [
            {"value": v, "label": LABELS.get(v, v), "count": n, "checked": v in selected}
            for v, n in counts
        ],
    }


def call_search_page(request: HttpRequest) -> HttpResponse:
    form = CallSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "error": "Les paramètres de recherche sont invalides."}
        return render(request, "funding/search.html", context, status=400)
    filters = form.to_filters() if form.is_bound else selectors.CallFilters()
    today = timezone.localdate()
    number = (form.cleaned_data.get("page") or 1) if form.is_bound else 1
    result = selectors.call_search_page(filters, today=today, page=number, per_page=PER_PAGE)
    facets = result.facets
    params = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]
    context = {
        "form": form,
        "result": result,
        "calls": result.calls,
        "total": result.total,
        "start": (result.page - 1) * PER_PAGE + 1,
        "today": today,
        "facet_groups": [
            ("Thème", _facet("theme", facets.themes, list(filters.themes))),
            ("Public", _facet("public", facets.audiences, list(filters.audiences))),
            ("Type d'aide", _facet("type", facets.aid_types, list(filters.aid_types))),
        ],
        "funders": facets.funders,
        "filters": filters,
        "previous_url": "?" + urlencode([*params, ("page", result.page - 1)])
        if result.page > 1
        else "",
        "next_url": "?" + urlencode([*params, ("page", result.page + 1)])
        if result.page < result.pages
        else "",
        "labels": LABELS,
    }
    return render(request, "funding/search.html", context)


def call_page(request: HttpRequest, call_id: int) -> HttpResponse:
    call = access.access_call_by_id(user=request.user, call_id=call_id)
    today = timezone.localdate()
    record = adapters.call_record(call)
    org_ids = sorted(roles.organisation_ids(request.user))
    organisations = selectors.own_organisations(org_ids)
    eligibilities = [
        (o, assess(adapters.eligibility_organisation(o), record, today=today))
        for o in organisations
    ]
    followed = selectors.is_following(
        user_id=request.user.pk if request.user.is_authenticated else None, call=call
    )
    applications = selectors.applications_for_call(call, org_ids)
    co_applicants = (
        selectors.co_applicants(call, own_ids=org_ids, domains=adapters.call_domains(call))
        if org_ids
        else []
    )
    context = {
        "call": call,
        "labels": LABELS,
        "today": today,
        "eligibilities": eligibilities,
        "followed": followed,
        "applications": applications,
        "startable": [
            o for o in organisations if o.pk not in {a.organisation_id for a in applications}
        ],
        "similar": selectors.similar_calls(call, today=today),
        "providers": ranking.providers_for_call(call),
        "co_applicants": co_applicants,
        "is_staff": roles.is_network_staff(request.user),
        "members_to_alert": ranking.members_to_alert(call, today=today, limit=20)
        if roles.is_network_staff(request.user)
        else [],
    }
    return render(request, "funding/call.html", context)


def search_confirm(request: HttpRequest, token: str) -> HttpResponse:
    search = alerts.saved_search_confirm(token=token)
    if search is None:
        return render(request, "funding/message.html", {"title": "Lien invalide"}, status=404)
    return render(
        request,
        "funding/message.html",
        {"title": "Alerte confirmée", "text": f"Vous recevrez l'alerte « {search.name} »."},
    )


@require_http_methods(["GET", "POST"])
def search_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST unsubscribes (one click)."""
    if request.method == "POST":
        search = alerts.saved_search_unsubscribe(token=token)
        if search is None:
            return render(request, "funding/message.html", {"title": "Lien invalide"}, status=404)
        return render(
            request,
            "funding/message.html",
            {"title": "Désabonnement confirmé", "text": "Vous ne recevrez plus cette alerte."},
        )
    search = access.access_search_by_unsubscribe_token(token=token)
    return render(request, "funding/unsubscribe.html", {"search": search})


def _calendar(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echeances.ics"'
    return response


def search_calendar(request: HttpRequest, token: str) -> HttpResponse:
    search = access.access_search_by_ics_token(token=token)
    return _calendar(ics_feeds.search_calendar(search))


def user_calendar(request: HttpRequest, token: str) -> HttpResponse:
    calendar = access.access_user_calendar_by_token(token=token)
    return _calendar(ics_feeds.user_calendar(calendar.user_id))
