"""Training pages: catalogue search, a programme, programmes for a need, pooling (staff)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.matching.engine import need_analyse
from maillage.training import access, levels, selectors, services
from maillage.training.selectors import FACETS
from maillage_core.matching import EmptyNeedError

FACET_TITLES = {
    "source": "Source",
    "modality": "Modalité",
    "level": "Niveau",
    "department": "Département",
}
MAX_NEED_CHARS = 2000


def programme_search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    raw_page = request.GET.get("page", "1")
    if not raw_page.isdigit() or int(raw_page) < 1:
        return render(
            request,
            "training/search.html",
            {"error": "Numéro de page invalide.", "q": q},
            status=400,
        )
    filters = {f: request.GET.getlist(f)[:20] for f in FACETS if request.GET.getlist(f)}
    result = selectors.programme_search(q=q, filters=filters, page=int(raw_page))
    params = [(k, v) for k, vs in request.GET.lists() if k != "page" for v in vs]
    page = result.page
    return render(
        request,
        "training/search.html",
        {
            "q": q,
            "result": result,
            "facet_groups": [(name, FACET_TITLES[name], result.facets[name]) for name in FACETS],
            "previous_url": "?" + urlencode([*params, ("page", str(page.number - 1))])
            if page.has_previous()
            else "",
            "next_url": "?" + urlencode([*params, ("page", str(page.number + 1))])
            if page.has_next()
            else "",
        },
    )


def programme_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_by_id(user=request.user, programme_id=programme_id)
    return render(
        request,
        "training/programme.html",
        {
            "programme": programme,
            "level_label": levels.label(programme.level),
            "rome_fiches": selectors.rome_fiches(programme.rome_codes),
        },
    )


def programmes_for_need_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("besoin", "").strip()
    context: dict[str, object] = {"besoin": text}
    if not text:
        return render(request, "training/need.html", context)
    if len(text) > MAX_NEED_CHARS:
        context["error"] = f"Le besoin dépasse {MAX_NEED_CHARS} caractères."
        return render(request, "training/need.html", context, status=400)
    try:
        profile = need_analyse(text)
    except EmptyNeedError:
        context["error"] = "Décrivez le besoin avec quelques mots (compétences, métier, lieu)."
        return render(request, "training/need.html", context, status=400)
    context["results"] = selectors.programmes_for_need(profile)
    return render(request, "training/need.html", context)


@require_http_methods(["GET", "POST"])
def pooling_page(request: HttpRequest) -> HttpResponse:
    access.require_network_staff(user=request.user)
    if request.method == "POST":
        proposed = services.collective_sessions_propose()
        messages.success(request, f"{len(proposed)} session(s) collective(s) proposée(s).")
        return redirect("training:pooling")
    return render(request, "training/pooling.html", {"sessions": selectors.collective_sessions()})
