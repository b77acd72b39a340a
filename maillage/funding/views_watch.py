"""Signed-in pages: "Ma veille" (saved searches, followed calls, applications), follow and
application actions, and the staff pages (review queue, success rate)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts import roles
from maillage.funding import access, alerts, ranking, selectors, services, states
from maillage.funding.forms import (
    ApplicationStartForm,
    ApplicationUpdateForm,
    SavedSearchForm,
)
from maillage.funding.models import ApplicationStatus


def _uid(request: HttpRequest) -> int:
    """The signed-in user's id (views here are behind `login_required`)."""
    return int(request.user.pk or 0)


@login_required
def my_watch(request: HttpRequest) -> HttpResponse:
    org_ids = sorted(roles.organisation_ids(request.user))
    organisations = selectors.own_organisations(org_ids)
    calendar = access.access_user_calendar(user=request.user)
    today = timezone.localdate()
    applications = selectors.applications_of(org_ids)
    context = {
        "searches": selectors.searches_of(_uid(request)),
        "followed": selectors.followed_calls_of(_uid(request)),
        "applications": [(a, states.allowed(a.status)) for a in applications],
        "status_labels": dict(ApplicationStatus.choices),
        "calendar": calendar,
        "form": SavedSearchForm(initial={"email": getattr(request.user, "email", "")}),
        "suggestions": [
            (o, ranking.calls_for_organisation(o, today=today, limit=5)) for o in organisations[:3]
        ],
    }
    return render(request, "funding/watch.html", context)


@login_required
@require_POST
def search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Alerte non enregistrée : vérifiez les champs.")
        return redirect("funding:watch")
    d = form.cleaned_data
    alerts.saved_search_create(
        user_id=_uid(request),
        email=d["email"],
        name=d["name"],
        themes=d["themes"],
        audiences=d["audiences"],
        aid_types=d["aid_types"],
        perimeter_code=d["perimeter_code"] or "",
        text=d["text"],
        open_only=d["open_only"],
        frequency=d["frequency"],
    )
    messages.success(request, "Alerte enregistrée : confirmez-la par le lien reçu par e-mail.")
    return redirect("funding:watch")


@login_required
@require_POST
def call_follow(request: HttpRequest, call_id: int) -> HttpResponse:
    call = access.access_call_by_id(user=request.user, call_id=call_id)
    if request.POST.get("action") == "unfollow":
        alerts.call_unfollow(user_id=_uid(request), call=call)
        messages.success(request, "Vous ne suivez plus cet appel.")
    else:
        org_ids = sorted(roles.organisation_ids(request.user))
        own = selectors.own_organisations(org_ids)
        organisation = own[0] if own else None
        alerts.call_follow(user_id=_uid(request), call=call, organisation=organisation)
        messages.success(request, "Appel suivi : vous recevrez un rappel à J-14 et J-3.")
    return redirect("funding:call", call_id=call.pk)


@login_required
@require_POST
def application_start(request: HttpRequest, call_id: int) -> HttpResponse:
    call = access.access_call_by_id(user=request.user, call_id=call_id)
    form = ApplicationStartForm(request.POST)
    if not form.is_valid():
        raise Http404("organisation inconnue")
    organisation = access.access_own_organisation_by_id(
        user=request.user, organisation_id=form.cleaned_data["organisation"]
    )
    alerts.call_follow(user_id=_uid(request), call=call, organisation=organisation)
    alerts.application_start(
        call=call,
        organisation=organisation,
        user_id=_uid(request),
        amount_requested=form.cleaned_data.get("amount_requested"),
    )
    messages.success(request, "Candidature enregistrée (en préparation).")
    return redirect("funding:watch")


@login_required
@require_POST
def application_update(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access.access_application_by_id(user=request.user, application_id=application_id)
    form = ApplicationUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Mise à jour refusée : vérifiez les champs.")
        return redirect("funding:watch")
    try:
        alerts.application_update(
            application=application,
            status=form.cleaned_data["status"],
            amount_obtained=form.cleaned_data.get("amount_obtained"),
            amount_requested=form.cleaned_data.get("amount_requested"),
            today=timezone.localdate(),
        )
    except states.TransitionError as exc:
        messages.error(request, f"Mise à jour refusée : {exc}.")
    else:
        messages.success(request, "Candidature mise à jour.")
    return redirect("funding:watch")


def review_queue(request: HttpRequest) -> HttpResponse:
    access.require_network_staff(request.user)
    return render(request, "funding/review.html", {"items": selectors.open_review_items()})


@require_POST
def review_resolve(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.access_review_item_by_id(user=request.user, item_id=item_id)
    accept = request.POST.get("decision") == "accept"
    services.review_item_resolve(item=item, accept=accept, user_id=_uid(request))
    messages.success(request, "Décision enregistrée.")
    return redirect("funding:review")


def success_view(request: HttpRequest) -> HttpResponse:
    access.require_network_staff(request.user)
    return render(request, "funding/success.html", {"stats": selectors.success_rate()})
