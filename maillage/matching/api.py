"""API v1 — matchmaking: submit a need, read your own, rank public providers for a text,
and a provider's accept / decline.

`POST /needs` and `GET /match` are open (the web form is too); reading a need and answering an
introduction need a signed-in session (CSRF checked on writes by `django_auth`). Someone else's
need or introduction → 404. `GET /match` returns public directory fields only and is limited
per client address (`MATCH_RATE_PER_MINUTE`, fixed one-minute window in the cache) → 429.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from maillage.matching import access
from maillage.matching.engine import MatchError, match, ranked_rows
from maillage.matching.forms import commune_resolve
from maillage.matching.intake import need_submit
from maillage.matching.models import Introduction, Need
from maillage.matching.services import PipelineError, introduction_apply
from maillage_core.intake import MAX_NEED_TEXT, IntakeError
from maillage_core.matching.analyse import EmptyNeedError
from maillage_core.pipeline import Event

router = Router()

MAX_ID = 2**63 - 1
MATCH_MAX_TEXT = 2_000


def _rate_limit() -> int:
    return int(getattr(settings, "MATCH_RATE_PER_MINUTE", 30))


class NeedIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=MAX_NEED_TEXT)]
    contact_name: Annotated[str, Field(min_length=1, max_length=150)]
    contact_email: Annotated[str, Field(min_length=3, max_length=254)]
    consent: bool
    organisation_name: Annotated[str, Field(max_length=250)] = ""
    siret: Annotated[str, Field(max_length=17)] = ""
    commune: Annotated[str, Field(max_length=120)] = ""
    contact_phone: Annotated[str, Field(max_length=30)] = ""


class IntroductionOut(Schema):
    id: int
    provider_id: int
    provider_name: str
    state: str
    state_label: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None


class NeedOut(Schema):
    id: int
    text: str
    organisation_name: str
    commune_insee: str | None
    status: str
    status_label: str
    is_emergency: bool
    duplicate_of: int | None
    created_at: datetime.datetime
    introductions: list[IntroductionOut]


class NeedCreated(Schema):
    id: int
    status: str
    duplicate_of: int | None


class MatchHit(Schema):
    """Public directory fields only: never contacts."""

    id: int
    external_id: str | None
    siret: str | None
    name: str
    score: float
    distance_km: float | None
    reasons: list[str]


class IntroductionState(Schema):
    id: int
    state: str
    state_label: str


class Error(Schema):
    detail: str


def _need_out(need: Need) -> NeedOut:
    intros = need.introductions.select_related("provider").order_by("sent_at", "id")
    return NeedOut(
        id=need.pk,
        text=need.text,
        organisation_name=need.organisation_name,
        commune_insee=need.commune_id,
        status=need.status,
        status_label=need.get_status_display(),
        is_emergency=need.is_emergency,
        duplicate_of=need.duplicate_of_id,
        created_at=need.created_at,
        introductions=[
            IntroductionOut(
                id=i.pk,
                provider_id=i.provider_id,
                provider_name=i.provider.name,
                state=i.state,
                state_label=i.get_state_display(),
                sent_at=i.sent_at,
                answered_at=i.answered_at,
            )
            for i in intros
        ],
    )


@router.post("/needs", response={201: NeedCreated, 400: Error}, summary="Déposer un besoin")
def need_create(request: HttpRequest, payload: NeedIn) -> Status[Any]:
    """Same checks as the web form; refusals come back as 400 with a French reason."""
    commune = None
    if payload.commune.strip():
        commune = commune_resolve(payload.commune)
        if commune is None:
            return Status(
                400, {"detail": f"Commune inconnue : « {payload.commune.strip()[:60]} »."}
            )
    try:
        validate_email(payload.contact_email.strip())
    except ValidationError:
        return Status(400, {"detail": "Adresse e-mail de contact non valide."})
    user = request.user if request.user.is_authenticated else None
    try:
        need = need_submit(
            text=payload.text,
            contact_name=payload.contact_name,
            contact_email=str(payload.contact_email),
            consent=payload.consent,
            organisation_name=payload.organisation_name,
            siret=payload.siret,
            commune=commune,
            contact_phone=payload.contact_phone,
            created_by=user,
        )
    except IntakeError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        201, NeedCreated(id=need.pk, status=need.status, duplicate_of=need.duplicate_of_id)
    )


@router.get(
    "/needs/{need_id}",
    response={200: NeedOut, 404: Error},
    auth=django_auth,
    summary="Lire un de ses besoins",
)
def need_read(request: HttpRequest, need_id: Annotated[int, Field(ge=1, le=MAX_ID)]) -> Any:
    need = access.access_need_by_id(user=request.user, need_id=need_id)
    return _need_out(need)


class MatchParams(Schema):
    q: Annotated[str, Field(min_length=1, max_length=MATCH_MAX_TEXT)]
    commune: Annotated[str | None, Field(max_length=10)] = None
    postcode: Annotated[str | None, Field(max_length=10)] = None
    department: Annotated[str | None, Field(max_length=3)] = None
    limit: Annotated[int, Field(ge=1, le=50)] = 10


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _throttle(request: HttpRequest) -> None:
    """Fixed one-minute window per client address, counted in the cache."""
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"matching:match-rate:{_client_address(request)}:{minute}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    if count > _rate_limit():
        raise HttpError(429, "Trop de requêtes : réessayez dans une minute.")


@router.get(
    "/match",
    response={200: list[MatchHit], 400: Error, 429: Error},
    summary="Classer les prestataires pour un besoin écrit en français",
)
def match_providers(request: HttpRequest, params: Query[MatchParams]) -> Any:
    """Ranked providers with their score, distance and French reasons (public fields only)."""
    _throttle(request)
    try:
        ranked = match(
            params.q,
            commune=params.commune,
            postcode=params.postcode,
            department=params.department,
            limit=params.limit,
        )
    except (MatchError, EmptyNeedError, IntakeError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, ranked_rows(ranked))


def _answer(request: HttpRequest, introduction_id: int, event: Event) -> Any:
    introduction: Introduction = access.access_introduction_for_provider(
        user=request.user, introduction_id=introduction_id
    )
    try:
        introduction_apply(
            introduction=introduction,
            event=event,
            actor=request.user,  # type: ignore[arg-type]  # django_auth: a User
        )
    except PipelineError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(
        200,
        IntroductionState(
            id=introduction.pk,
            state=introduction.state,
            state_label=introduction.get_state_display(),
        ),
    )


@router.post(
    "/introductions/{introduction_id}/accept",
    response={200: IntroductionState, 404: Error, 409: Error},
    auth=django_auth,
    summary="Accepter une demande (prestataire)",
)
def introduction_accept(
    request: HttpRequest, introduction_id: Annotated[int, Field(ge=1, le=MAX_ID)]
) -> Any:
    return _answer(request, introduction_id, Event.ACCEPT)


@router.post(
    "/introductions/{introduction_id}/decline",
    response={200: IntroductionState, 404: Error, 409: Error},
    auth=django_auth,
    summary="Décliner une demande (prestataire)",
)
def introduction_decline(
    request: HttpRequest, introduction_id: Annotated[int, Field(ge=1, le=MAX_ID)]
) -> Any:
    return _answer(request, introduction_id, Event.DECLINE)
