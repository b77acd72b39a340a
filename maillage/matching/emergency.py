"""Cyber emergency: broadcast to the nearest committed responders, first to accept takes it.

If nobody accepts within `EMERGENCY_ESCALATE_MINUTES`, network staff are alerted and the
requester's page shows the regional CSIRT and the national victim-assistance service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from maillage.accounts.roles import NETWORK_STAFF
from maillage.common.outbox import outbox_enqueue
from maillage.directory.models import Organisation
from maillage.matching.models import Introduction, Need, ResponderCommitment
from maillage.matching.services import PipelineError, introductions_send
from maillage_core.geo import Point, haversine_km

BROADCAST_SIZE = 5


@dataclass(frozen=True)
class Responder:
    organisation: Organisation
    distance_km: float | None
    response_time_minutes: int


@dataclass(frozen=True)
class HelpContact:
    name: str
    detail: str
    url: str


def help_contacts() -> list[HelpContact]:
    """Who to call when no member responder is available (configurable per region)."""
    return [
        HelpContact(
            name=settings.EMERGENCY_CSIRT_NAME,
            detail=settings.EMERGENCY_CSIRT_DETAIL,
            url=settings.EMERGENCY_CSIRT_URL,
        ),
        HelpContact(
            name="17Cyber — Cybermalveillance.gouv.fr",
            detail="Assistance nationale aux victimes d'actes de cybermalveillance.",
            url="https://www.17cyber.gouv.fr/",
        ),
    ]


def responders_for(need: Need) -> list[Responder]:
    """Committed, on-call responders handling this incident type, nearest first (ties by id)."""
    origin = None
    if need.commune is not None and need.commune.latitude is not None:
        origin = Point(need.commune.latitude, need.commune.longitude or 0.0)
    found: list[Responder] = []
    commitments = ResponderCommitment.objects.filter(
        on_call=True, organisation__is_closed=False
    ).select_related("organisation")
    for c in commitments:
        if need.incident_type and c.incident_types and need.incident_type not in c.incident_types:
            continue
        org = c.organisation
        distance = None
        if origin is not None and org.latitude is not None and org.longitude is not None:
            distance = haversine_km(origin, Point(org.latitude, org.longitude))
            if distance > c.max_distance_km:
                continue
        found.append(Responder(org, distance, c.response_time_minutes))
    found.sort(
        key=lambda r: (
            r.distance_km is None,
            r.distance_km or 0.0,
            r.response_time_minutes,
            r.organisation.pk,
        )
    )
    return found


@transaction.atomic
def emergency_broadcast(*, need: Need, now: datetime | None = None) -> list[Introduction]:
    """Send an emergency to the top responders at once."""
    if not need.is_emergency:
        raise PipelineError("Ce besoin n'est pas une urgence cyber.")
    responders = responders_for(need)[:BROADCAST_SIZE]
    if not responders:
        emergency_escalate(need=need, now=now or timezone.now(), reason="aucun intervenant")
        return []
    return introductions_send(
        need=need, providers=[r.organisation for r in responders], actor=None, now=now
    )


def emergency_escalate(*, need: Need, now: datetime, reason: str) -> bool:
    """Alert network staff once; returns False when already escalated."""
    changed = Need.objects.filter(pk=need.pk, escalated_at__isnull=True).update(escalated_at=now)
    if changed != 1:
        return False
    staff = get_user_model().objects.filter(groups__name=NETWORK_STAFF, is_active=True)
    for user in staff:
        if user.email:
            outbox_enqueue(
                key=f"emergency:{need.pk}:escalate:{user.email}",
                to=user.email,
                subject="Urgence cyber sans intervenant",
                body=(
                    f"Une urgence cyber n'a pas trouvé d'intervenant ({reason}).\n"
                    f"Voir : {settings.SITE_URL}/back-office/matching/need/{need.pk}/change/"
                ),
            )
    return True


def emergencies_escalate_due(*, now: datetime | None = None) -> int:
    """Escalate every emergency nobody accepted within the configured delay."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.EMERGENCY_ESCALATE_MINUTES)
    due = Need.objects.filter(
        is_emergency=True, taken_by__isnull=True, escalated_at__isnull=True, created_at__lte=limit
    )
    return sum(emergency_escalate(need=n, now=now, reason="délai dépassé") for n in due)
