"""Staff pages: the needs list, a need's qualification page (profile with evidence and its
correction, suggestions with reasons, sending, introductions and their history) and the
pipeline dashboard. Anonymous → sign in; signed in but not network staff → 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts import roles
from maillage.matching import access, charts, qualification, selectors
from maillage.matching.engine import MatchError, need_suggest
from maillage.matching.forms import NeedFilterForm, ProfileCorrectionForm, SendForm
from maillage.matching.services import PipelineError, follow_up_policy, introductions_send
from maillage.matching.views import (
    CONTACT_VISIBLE,
    EVENT_LABELS,
    STAFF_EVENTS,
)
from maillage.search.services import SearchError
from maillage_core.catalogue import DOMAIN_BY_SLUG, LABEL_BY_SLUG
from maillage_core.matching.analyse import EmptyNeedError
from maillage_core.matching.describe import euros
from maillage_core.pipeline import State, allowed_events

PER_PAGE = 30
SIZE_LABELS = {
    "independant": "indépendant",
    "tpe": "TPE",
    "pme": "PME",
    "eti": "ETI",
    "grande": "grande entreprise",
    "collectivite": "collectivité",
    "association": "association",
}
TIME_FRAME_LABELS = {
    "month": "avant un mois donné",
    "within": "dans un délai",
    "asap": "au plus vite",
    "year_end": "avant la fin de l'année",
}
View = Callable[..., HttpResponse]


def staff_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_network_staff(request.user):
            raise Http404("page inconnue")
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def needs_list(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request, "matching/staff_needs.html", {"form": form, "invalid": True}, status=400
        )
    data = form.cleaned_data if form.is_bound else {}
    urgence = data.get("urgence") or ""
    filters = selectors.NeedFilters(
        status=data.get("status") or "",
        emergency={"oui": True, "non": False}.get(urgence),
        duplicates=bool(data.get("doublons")),
    )
    paginator = Paginator(selectors.needs_for_staff(filters), PER_PAGE)
    page = paginator.get_page(data.get("page") or 1)
    params = [(k, v) for k, v in request.GET.items() if k != "page"]
    now = timezone.now()
    rows = [(n, (now - n.created_at).days) for n in page.object_list]
    return render(
        request,
        "matching/staff_needs.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": urlencode(params),
            "reminder_days": follow_up_policy().reminder_after.days,
        },
    )


def _profile_rows(profile: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(part, value, evidence) lines of a stored profile (the analysis or its correction)."""
    rows: list[tuple[str, str, str]] = []
    urgency = profile.get("urgency")
    if urgency:
        rows.append(("Urgence", "incident en cours", ", ".join(urgency.get("evidence", []))))
    for d in profile.get("domains") or []:
        label = DOMAIN_BY_SLUG[d["key"]].label if d["key"] in DOMAIN_BY_SLUG else d["key"]
        rows.append(("Domaine", label, ", ".join(d.get("evidence", []))))
    for s in profile.get("skills") or []:
        rows.append(("Compétence", s["key"], ", ".join(s.get("evidence", []))))
    place = profile.get("place")
    if place:
        rows.append(("Lieu", str(place.get("name", "")), str(place.get("evidence", ""))))
    sector = profile.get("sector")
    if sector:
        rows.append(("Secteur", str(sector.get("label", "")), str(sector.get("evidence", ""))))
    size = profile.get("size")
    if size:
        label = SIZE_LABELS.get(str(size.get("size_class") or ""), "")
        count = f"{size['headcount']} salariés" if size.get("headcount") is not None else ""
        value = ", ".join(x for x in (label, count) if x)
        rows.append(("Taille", value, str(size.get("evidence", ""))))
    budget = profile.get("budget")
    if budget:
        low, high = int(budget["low"]), int(budget["high"])
        value = euros(low) if low == high else f"{euros(low)} – {euros(high)}"
        rows.append(("Budget", value, str(budget.get("evidence", ""))))
    frame = profile.get("time_frame")
    if frame:
        kind = str(frame.get("kind", ""))
        rows.append(("Échéance", TIME_FRAME_LABELS.get(kind, kind), str(frame.get("evidence", ""))))
    for req in profile.get("required_labels") or []:
        names = [LABEL_BY_SLUG[x].name if x in LABEL_BY_SLUG else x for x in req["labels"]]
        rows.append(("Label attendu", " ou ".join(names), str(req.get("evidence", ""))))
    return rows


@staff_only
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    need = access.access_need_by_id(user=request.user, need_id=need_id)
    profile, profile_error = selectors.need_profile_current(need)
    suggestions = selectors.need_suggestions(need)
    introductions = selectors.need_introductions(need)
    contacted = {i.provider_id for i in introductions}
    choices = [
        (s.organisation_id, s.organisation.name)
        for s in suggestions
        if s.organisation_id not in contacted
    ]
    intro_rows = [
        (
            i,
            [
                (e.value, EVENT_LABELS[e])
                for e in allowed_events(State(i.state))
                if e in STAFF_EVENTS
            ],
        )
        for i in introductions
    ]
    domains_now = [d["key"] for d in profile.get("domains") or []]
    place = profile.get("place") or {}
    from maillage.funding.ranking import calls_for_need  # funding plugs into the same engine

    return render(
        request,
        "matching/staff_need.html",
        {
            "need": need,
            "profile_rows": _profile_rows(profile),
            "profile_error": profile_error,
            "correction_form": ProfileCorrectionForm(
                initial={"domains": domains_now, "commune": place.get("code", "")}
            ),
            "suggestions": suggestions,
            "contacted": contacted,
            "send_form": SendForm(choices=choices),
            "intro_rows": intro_rows,
            "contact_states": CONTACT_VISIBLE,
            "status_key": access.status_key(need),
            "funding_calls": calls_for_need(need, limit=5) if not profile_error else [],
            "next": request.get_full_path(),
        },
    )


@require_POST
@staff_only
def need_profile_correct(request: HttpRequest, need_id: int) -> HttpResponse:
    """Staff correct the domains and the place; the correction is kept (profile_corrected_by)."""
    need = access.access_need_by_id(user=request.user, need_id=need_id)
    form = ProfileCorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("matching:need_detail", need_id=need.pk)
    base, _error = selectors.need_profile_current(need)
    qualification.need_profile_correct(
        need=need,
        base=base,
        domains=form.cleaned_data["domains"],
        commune=form.cleaned_data["commune"],
        actor=request.user,  # type: ignore[arg-type]  # staff_only: a User
    )
    messages.success(request, "Profil corrigé.")
    return redirect("matching:need_detail", need_id=need.pk)


@require_POST
@staff_only
def need_suggestions_compute(request: HttpRequest, need_id: int) -> HttpResponse:
    need = access.access_need_by_id(user=request.user, need_id=need_id)
    try:
        found = need_suggest(need=need, limit=10)
    except (MatchError, EmptyNeedError, SearchError) as exc:
        messages.error(request, f"Suggestions impossibles : {exc}")
    else:
        messages.success(request, f"{len(found)} prestataires suggérés.")
    return redirect("matching:need_detail", need_id=need.pk)


@require_POST
@staff_only
def need_send(request: HttpRequest, need_id: int) -> HttpResponse:
    """Send the need to the selected suggested providers (2–3)."""
    need = access.access_need_by_id(user=request.user, need_id=need_id)
    contacted = set(need.introductions.values_list("provider_id", flat=True))
    candidates = {
        s.organisation_id: s.organisation
        for s in selectors.need_suggestions(need)
        if s.organisation_id not in contacted
    }
    form = SendForm(request.POST, choices=[(pk, o.name) for pk, o in candidates.items()])
    if not form.is_valid():
        messages.error(request, "Choisissez au moins un prestataire parmi les suggestions.")
        return redirect("matching:need_detail", need_id=need.pk)
    chosen = form.cleaned_data["providers"]
    providers = [candidates[pk] for pk in sorted(set(chosen))]
    try:
        sent = introductions_send(
            need=need,
            providers=providers,
            actor=request.user,  # type: ignore[arg-type]  # staff_only: a User
        )
    except PipelineError as exc:
        messages.error(request, str(exc))
    else:
        names = ", ".join(i.provider.name for i in sent)
        messages.success(request, f"Demande envoyée à {names}.")
    return redirect("matching:need_detail", need_id=need.pk)


@staff_only
def pipeline_dashboard(request: HttpRequest) -> HttpResponse:
    policy = follow_up_policy()
    stats = selectors.pipeline_stats(now=timezone.now(), reminder_after=policy.reminder_after)
    state_chart = charts.bar_chart(
        "Mises en relation par état",
        [
            (
                s.label,
                float(s.count),
                f"{s.count}" + (f" (dont {s.overdue} en retard)" if s.overdue else ""),
                bool(s.overdue),
            )
            for s in stats.by_state
            if s.count or s.state in (State.SENT, State.ACCEPTED, State.CONTRACT)
        ],
    )
    delay_chart = charts.bar_chart(
        "Délai de première réponse (par besoin)",
        charts.delay_histogram(stats.first_answer_hours),
    )
    needs_chart = charts.bar_chart(
        "Besoins par état",
        [(label, float(n), str(n), False) for label, n in stats.needs_by_status],
    )
    return render(
        request,
        "matching/staff_dashboard.html",
        {
            "stats": stats,
            "charts": [state_chart, delay_chart, needs_chart],
            "reminder_days": policy.reminder_after.days,
            "now": timezone.now(),
        },
    )
