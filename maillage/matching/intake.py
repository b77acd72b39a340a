"""Need intake: validate, link to the directory, flag spam and duplicates, analyse."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.matching.models import Need, NeedStatus
from maillage.opendata.models import Commune
from maillage_core.intake import (
    DUPLICATE_WINDOW,
    IntakeError,
    PriorNeed,
    find_duplicate,
    spam_score,
    validate_need_text,
)
from maillage_core.sirene import siret_is_valid

SPAM_REJECT_THRESHOLD = 0.9


@transaction.atomic
def need_submit(
    *,
    text: str,
    contact_name: str,
    contact_email: str,
    consent: bool,
    organisation_name: str = "",
    siret: str = "",
    commune: Commune | None = None,
    contact_phone: str = "",
    is_emergency: bool = False,
    created_by: User | None = None,
    now: datetime | None = None,
) -> Need:
    """Record a need stated in the requester's words; raises IntakeError (French) when refused."""
    now = now or timezone.now()
    cleaned = validate_need_text(text)
    if not consent:
        raise IntakeError(
            "Votre accord est nécessaire pour transmettre votre demande à des prestataires."
        )
    if not contact_name.strip() or not contact_email.strip():
        raise IntakeError("Indiquez un nom et une adresse e-mail de contact.")
    siret = siret.replace(" ", "")
    if siret and not siret_is_valid(siret):
        raise IntakeError("Le SIRET saisi n'est pas valide (14 chiffres avec clé de contrôle).")
    organisation = Organisation.objects.filter(siret=siret).first() if siret else None
    if organisation is not None:
        organisation_name = organisation_name or organisation.name
        commune = commune or organisation.commune
    prior_q = Need.objects.filter(created_at__gte=now - DUPLICATE_WINDOW)
    if organisation is not None:
        prior_q = prior_q.filter(organisation=organisation)
    else:
        prior_q = prior_q.filter(contact_email__iexact=contact_email.strip())
    prior = [
        PriorNeed(n.pk, n.text, n.created_at) for n in prior_q.only("id", "text", "created_at")
    ]
    duplicate_id = find_duplicate(cleaned, now=now, prior=prior)
    spam = spam_score(cleaned)
    need = Need.objects.create(
        organisation=organisation,
        organisation_name=organisation_name.strip()[:250],
        siret=siret,
        text=cleaned,
        commune=commune,
        contact_name=contact_name.strip()[:150],
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip()[:30],
        consent_at=now,
        is_emergency=is_emergency,
        duplicate_of_id=duplicate_id,
        spam_score=spam,
        status=NeedStatus.REJECTED if spam >= SPAM_REJECT_THRESHOLD else NeedStatus.SUBMITTED,
        created_by=created_by,
    )
    Need.objects.filter(pk=need.pk).update(created_at=now)
    need.created_at = now
    return need
