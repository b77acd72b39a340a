"""Matchmaking pages for requesters and providers: need intake, cyber emergency, the
requester's status page (secret link), "Mes besoins", "Mes demandes" and the answer page
reached from the e-mail link. Staff pages are in `staff_views.py`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts import roles
from maillage.directory.models import Organisation
from maillage.matching import access, qualification, selectors
from maillage.matching.emergency import help_contacts
from maillage.matching.forms import CONSENT_TEXT_STAFF, ActionForm, EmergencyForm, NeedForm
from maillage.matching.intake import need_submit
from maillage.matching.models import IncidentType, Introduction
from maillage.matching.services import PipelineError, introduction_apply
from maillage_core.intake import IntakeError
from maillage_core.pipeline import Event, State, allowed_events
from maillage_core.sirene import siret_is_valid

PROVIDER_EVENTS = (Event.ACCEPT, Event.DECLINE, Event.MEET, Event.PROPOSE, Event.WIN, Event.LOSE)
STAFF_EVENTS = (*PROVIDER_EVENTS, Event.SURVEY, Event.CLOSE, Event.WITHDRAW)
EVENT_LABELS = {
    Event.ACCEPT: "Accepter",
    Event.DECLINE: "Décliner",
    Event.MEET: "Rendez-vous tenu",
    Event.PROPOSE: "Proposition remise",
    Event.WIN: "Marché signé",
    Event.LOSE: "Non retenue",
    Event.SURVEY: "Satisfaction recueillie",
    Event.CLOSE: "Clôturer",
    Event.WITHDRAW: "Retirer",
}
# The provider sees the requester's contact details once it has accepted.
CONTACT_VISIBLE = frozenset(
    {State.ACCEPTED, State.MEETING, State.PROPOSAL, State.CONTRACT, State.LOST}
    | {State.SURVEYED, State.CLOSED}
)


def _member_organisation(request: HttpRequest) -> Organisation | None:
    ids = sorted(roles.organisation_ids(request.user))
    return Organisation.objects.filter(pk=ids[0]).first() if ids else None


def _initial_for(request: HttpRequest, *, staff: bool) -> dict[str, Any]:
    if not request.user.is_authenticated or staff:
        return {}
    initial: dict[str, Any] = {
        "contact_name": request.user.get_full_name(),
        "contact_email": getattr(request.user, "email", ""),
    }
    organisation = _member_organisation(request)
    if organisation is not None:
        initial["organisation_name"] = organisation.name
        if organisation.siret and siret_is_valid(organisation.siret):
            initial["siret"] = organisation.siret  # links the need to the organisation
        if organisation.commune is not None:
            initial["commune"] = organisation.commune.insee
    return initial


@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    """/besoin/: state a need in your own words (staff: for a caller)."""
    staff = roles.is_network_staff(request.user)
    form = NeedForm(request.POST or None, initial=_initial_for(request, staff=staff))
    if staff:
        form.fields["consent"].label = CONSENT_TEXT_STAFF
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = need_submit(
                text=data["text"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                consent=data["consent"],
                organisation_name=data["organisation_name"],
                siret=data["siret"],
                commune=data["commune"],
                created_by=request.user if request.user.is_authenticated else None,
            )
        except IntakeError as exc:
            error = str(exc)
        else:
            if staff:
                messages.success(
                    request, f"Besoin n°{need.pk} enregistré pour le compte de l'appelant."
                )
                return redirect("matching:need_detail", need_id=need.pk)
            return redirect("matching:need_status", key=access.status_key(need))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "matching/need_form.html",
        {"form": form, "error": error, "staff": staff},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def emergency_create(request: HttpRequest) -> HttpResponse:
    """/urgence-cyber/: a short form; the need is broadcast to the nearest committed responders."""
    initial = _initial_for(request, staff=roles.is_network_staff(request.user))
    initial.pop("siret", None)
    form = EmergencyForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = qualification.emergency_submit(
                incident_type=IncidentType(data["incident_type"]),
                description=data["description"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                consent=data["consent"],
                organisation_name=data["organisation_name"],
                commune=data["commune"],
                created_by=request.user if request.user.is_authenticated else None,
            )
        except (IntakeError, PipelineError) as exc:
            error = str(exc)
        else:
            return redirect("matching:need_status", key=access.status_key(need))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "matching/emergency_form.html",
        {"form": form, "error": error, "help_contacts": help_contacts()},
        status=status,
    )


def need_status(request: HttpRequest, key: str) -> HttpResponse:
    """The requester's page behind the secret link: what happens next, and for an emergency
    who took it, or the CSIRT and 17Cyber when nobody did in time."""
    need = access.access_need_by_status_key(key=key)
    introductions = list(need.introductions.select_related("provider").order_by("sent_at", "id"))
    accepted = [i for i in introductions if i.state in CONTACT_VISIBLE]
    waiting = [i for i in introductions if i.state in (State.SENT, State.REMINDED)]
    late = (
        need.is_emergency
        and need.taken_by_id is None
        and (
            need.escalated_at is not None
            or not introductions
            or timezone.now() - need.created_at
            >= timedelta(minutes=settings.EMERGENCY_ESCALATE_MINUTES)
        )
    )
    return render(
        request,
        "matching/need_status.html",
        {
            "need": need,
            "key": key,
            "introductions": introductions,
            # the requester rates an introduction once it ended (contract or not)
            "to_rate": [i for i in introductions if i.state in (State.CONTRACT, State.LOST)],
            "rated": [i for i in introductions if i.satisfaction is not None],
            "accepted": accepted,
            "waiting": waiting,
            "late": late,
            "help_contacts": help_contacts(),
            "incident_label": IncidentType(need.incident_type).label
            if need.incident_type in IncidentType.values
            else "",
        },
    )


@login_required
def my_needs(request: HttpRequest) -> HttpResponse:
    """Mes besoins: the needs of my organisations (and those I created), with their progress."""
    needs = list(
        selectors.needs_of(
            user_id=int(request.user.pk or 0), organisation_ids=roles.organisation_ids(request.user)
        )[:100]
    )
    return render(request, "matching/my_needs.html", {"needs": needs})


@login_required
def my_leads(request: HttpRequest) -> HttpResponse:
    """Mes demandes: introductions sent to my organisations."""
    org_ids = roles.organisation_ids(request.user)
    leads = list(selectors.leads_of(org_ids)[:200])
    waiting = [i for i in leads if i.state in (State.SENT, State.REMINDED)]
    others = [i for i in leads if i.state not in (State.SENT, State.REMINDED)]
    return render(
        request,
        "matching/my_leads.html",
        {"waiting": waiting, "others": others, "has_organisation": bool(org_ids)},
    )


MAX_REVIEW_CHARS = 500


@require_POST
def need_status_rate(request: HttpRequest, key: str, introduction_id: int) -> HttpResponse:
    """The requester rates an ended introduction (1–5, optional comment) from the status page."""
    need = access.access_need_by_status_key(key=key)
    introduction = need.introductions.filter(pk=introduction_id).first()
    if introduction is None:
        raise Http404("mise en relation inconnue")
    back = reverse("matching:need_status", args=[key])
    raw = request.POST.get("satisfaction", "")
    comment = request.POST.get("commentaire", "").strip()
    if raw not in {"1", "2", "3", "4", "5"}:
        messages.error(request, "Choisissez une note de 1 à 5.")
        return redirect(back)
    if len(comment) > MAX_REVIEW_CHARS:
        messages.error(request, f"Le commentaire dépasse {MAX_REVIEW_CHARS} caractères.")
        return redirect(back)
    try:
        introduction_apply(
            introduction=introduction,
            event=Event.SURVEY,
            actor=request.user if request.user.is_authenticated else None,
            note=f"avis du demandeur : {comment}" if comment else "avis du demandeur",
            satisfaction=int(raw),
        )
    except PipelineError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Merci pour votre avis sur {introduction.provider.name} ({raw}/5)."
        )
    return redirect(back)


def _introduction_context(request: HttpRequest, introduction: Introduction) -> dict[str, Any]:
    staff = roles.is_network_staff(request.user)
    mine = introduction.provider_id in roles.organisation_ids(request.user)
    offered = STAFF_EVENTS if staff else PROVIDER_EVENTS if mine else ()
    events = [e for e in allowed_events(State(introduction.state)) if e in offered]
    return {
        "introduction": introduction,
        "need": introduction.need,
        "actions": [(e.value, EVENT_LABELS[e]) for e in events],
        "contact_visible": introduction.state in CONTACT_VISIBLE,
        "history": selectors.introduction_events(introduction),
        "action_form": ActionForm(),
        "next": request.get_full_path(),
    }


@require_http_methods(["GET"])
def introduction_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page the e-mail link opens: sign in first; then the need, accept / decline."""
    try:
        introduction = access.access_introduction_by_token(user=request.user, token=token)
    except access.LoginNeeded:
        return render(
            request,
            "matching/answer_login.html",
            {"login_url": f"{reverse('accounts:login')}?next={request.get_full_path()}"},
        )
    return render(
        request, "matching/introduction.html", _introduction_context(request, introduction)
    )


@login_required
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access.access_introduction_by_id(
        user=request.user, introduction_id=introduction_id
    )
    return render(
        request, "matching/introduction.html", _introduction_context(request, introduction)
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def introduction_action(request: HttpRequest, introduction_id: int) -> HttpResponse:
    """Apply one pipeline event (provider: accept … lose; staff: also survey, close, withdraw)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    introduction = access.access_introduction_by_id(
        user=request.user, introduction_id=introduction_id
    )
    staff = roles.is_network_staff(request.user)
    fallback = (
        reverse("matching:need_detail", args=[introduction.need_id])
        if staff
        else reverse("matching:introduction_detail", args=[introduction.pk])
    )
    form = ActionForm(request.POST)
    offered = {e.value for e in (STAFF_EVENTS if staff else PROVIDER_EVENTS)}
    if not form.is_valid() or form.cleaned_data["event"] not in offered:
        messages.error(request, "Action non valide : vérifiez le montant ou la note saisis.")
        return HttpResponseRedirect(_safe_next(request, fallback))
    data = form.cleaned_data
    event = Event(data["event"])
    try:
        introduction_apply(
            introduction=introduction,
            event=event,
            actor=request.user,
            note=data["note"] or "",
            amount=data["amount"],
            satisfaction=data["satisfaction"],
        )
    except PipelineError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"C'est noté : {introduction.get_state_display()}.")
    return HttpResponseRedirect(_safe_next(request, fallback))
