"""Training pages: catalogue search, a programme, programmes for a need, pooling (staff)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from maillage.accounts import roles
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
MAX_HEADCOUNT = 500


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
    own = roles.organisation_ids(request.user)
    if own:
        reported = selectors.upskilling_needs_of(own)
        labels = dict(selectors.rome_fiches([n.skill_key.upper() for n in reported]))
        context["reported"] = [(n, labels.get(n.skill_key.upper(), "")) for n in reported]
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
    organisations = selectors.member_organisations(own)
    if organisations:
        context["organisations"] = organisations
        context["rome_choices"] = services.need_rome_suggestions(text)
    return render(request, "training/need.html", context)


@require_http_methods(["POST"])
def upskilling_need_report(request: HttpRequest) -> HttpResponse:
    """A member records its upskilling need so the network can pool it with other companies'."""
    text = request.POST.get("besoin", "").strip()[:MAX_NEED_CHARS]
    back = reverse("training:for_need") + "?" + urlencode({"besoin": text})
    organisation = access.access_own_organisation(
        user=request.user, organisation_id=request.POST.get("organisation", "")
    )
    rome = request.POST.get("rome", "").strip().upper()
    headcount = request.POST.get("headcount", "").strip()
    error = ""
    if not text:
        error = "Décrivez le besoin avant de le signaler."
    elif not selectors.rome_fiches_known([rome]):
        error = "Choisissez le métier concerné parmi ceux proposés."
    elif not headcount.isdigit() or not 1 <= int(headcount) <= MAX_HEADCOUNT:
        error = f"Indiquez le nombre de personnes à former (de 1 à {MAX_HEADCOUNT})."
    if error:
        messages.error(request, error)
        return redirect(back)
    need = services.upskilling_need_submit(
        organisation=organisation,
        text=text,
        skill_key=rome,
        department=organisation.department_code,
        headcount=int(headcount),
    )
    label = dict(selectors.rome_fiches([rome])).get(rome, "")
    messages.success(
        request,
        f"Besoin enregistré pour {organisation.name} : {need.headcount} personne(s), métier "
        f"{rome} {label}. Le réseau le regroupera avec ceux d'autres entreprises du "
        "département pour proposer une session collective.",
    )
    return redirect(back)


@require_http_methods(["POST"])
def pooling_decide(request: HttpRequest, session_id: int) -> HttpResponse:
    """Staff confirm or cancel a proposed collective session (others: 404)."""
    access.require_network_staff(user=request.user)
    try:
        session = services.collective_session_decide(
            session_id=session_id, status=request.POST.get("status", "")
        )
    except LookupError:
        raise Http404("session inconnue") from None
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Session confirmée."
            if session.status == "confirmed"
            else "Session annulée : ses besoins sont de nouveau en attente de regroupement.",
        )
    return redirect("training:pooling")


@require_http_methods(["GET", "POST"])
def pooling_page(request: HttpRequest) -> HttpResponse:
    access.require_network_staff(user=request.user)
    if request.method == "POST":
        proposed = services.collective_sessions_propose()
        n = len(proposed)
        messages.success(
            request,
            "Aucune nouvelle session collective : pas assez de besoins identiques."
            if n == 0
            else f"{n} session{'s' if n > 1 else ''} collective{'s' if n > 1 else ''} "
            f"proposée{'s' if n > 1 else ''}.",
        )
        return redirect("training:pooling")
    return render(
        request,
        "training/pooling.html",
        {
            "sessions": selectors.collective_sessions_described(),
            "pending": selectors.pending_needs_count(),
        },
    )
