"""Writes behind the matchmaking pages that the pipeline services do not cover: a cyber
emergency submitted and broadcast in one transaction, the staff correction of a need's
analysed profile (kept as corrected: `profile_corrected_by`) and the qualification of a
submitted need (read by staff, ready to be sent)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from maillage.matching.emergency import emergency_broadcast
from maillage.matching.intake import need_submit
from maillage.matching.models import IncidentType, Need, NeedStatus
from maillage.opendata.models import Commune


@transaction.atomic
def emergency_submit(
    *,
    incident_type: IncidentType,
    description: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    consent: bool,
    organisation_name: str = "",
    commune: Commune | None = None,
    created_by: User | None = None,
    now: datetime | None = None,
) -> Need:
    """Record an emergency and alert the nearest committed responders (or escalate to staff
    when there is none). A text that looks like spam is kept for staff, not broadcast.
    Raises IntakeError / PipelineError (French) and then records nothing."""
    need = need_submit(
        text=f"Urgence cyber ({incident_type.label}) : {description}",
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        consent=consent,
        organisation_name=organisation_name,
        commune=commune,
        is_emergency=True,
        created_by=created_by,
        now=now,
    )
    Need.objects.filter(pk=need.pk).update(incident_type=incident_type.value)
    need.incident_type = incident_type.value
    if need.status != NeedStatus.REJECTED:
        emergency_broadcast(need=need, now=now)
    return need


def corrected_profile(
    profile: dict[str, Any], *, domains: Sequence[str], commune: Commune | None, who: str
) -> dict[str, Any]:
    """`profile` with its domains replaced (evidence kept for those the analysis had found)
    and its place moved to `commune` when given."""
    out = dict(profile)
    previous = {d["key"]: d for d in profile.get("domains") or []}
    out["domains"] = [
        previous.get(slug, {"key": slug, "weight": 1.0, "evidence": [f"corrigé par {who}"]})
        for slug in dict.fromkeys(domains)
    ]
    if commune is not None:
        out["place"] = {
            "kind": "commune",
            "code": commune.insee,
            "name": commune.name,
            "lat": commune.latitude,
            "lon": commune.longitude,
            "evidence": f"corrigé par {who}",
            "department": commune.department_id,
        }
    return out


@transaction.atomic
def need_profile_correct(
    *,
    need: Need,
    base: dict[str, Any],
    domains: Sequence[str],
    commune: Commune | None,
    actor: User,
) -> Need:
    """Store staff's correction of the analysed profile, with who corrected it."""
    profile = corrected_profile(base, domains=domains, commune=commune, who=actor.get_username())
    Need.objects.filter(pk=need.pk).update(
        profile=profile, profile_corrected_by=actor, updated_at=timezone.now()
    )
    need.profile = profile
    need.profile_corrected_by = actor
    return need


@transaction.atomic
def need_qualify(*, need: Need, actor: User, now: datetime | None = None) -> bool:
    """Staff have read a submitted need and judge it ready to send: `submitted` → `qualified`,
    assigned to them. One conditional UPDATE; False (nothing changes) for a need in any other
    state (already sent, rejected, closed…)."""
    now = now or timezone.now()
    changed = Need.objects.filter(pk=need.pk, status=NeedStatus.SUBMITTED).update(
        status=NeedStatus.QUALIFIED, assigned_to=actor, updated_at=now
    )
    if changed:
        need.status = NeedStatus.QUALIFIED
        need.assigned_to = actor
    return changed == 1
