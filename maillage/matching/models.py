"""Needs, the suggestions the engine made for them, and the introductions sent to providers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from maillage.directory.models import Organisation
from maillage.opendata.models import Commune
from maillage_core.pipeline import STATE_LABELS_FR, State


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", "déposé"
    QUALIFIED = "qualified", "qualifié"
    SENT = "sent", "envoyé aux prestataires"
    IN_PROGRESS = "in_progress", "en cours"
    CLOSED = "closed", "clôturé"
    REJECTED = "rejected", "écarté"


class NeedQuerySet(models.QuerySet["Need"]):
    def open(self) -> NeedQuerySet:
        return self.exclude(status__in=[NeedStatus.CLOSED, NeedStatus.REJECTED])

    def emergencies(self) -> NeedQuerySet:
        return self.filter(is_emergency=True)


class Need(models.Model):
    """A need stated by an organisation in its own words."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name="organisation",
    )
    organisation_name = models.CharField(
        max_length=250, blank=True, verbose_name="nom de l'organisation"
    )
    siret = models.CharField(max_length=14, blank=True, verbose_name="SIRET")
    text = models.TextField(verbose_name="besoin exprimé")
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name="commune",
    )
    # Personal data of the requester (QUALITY.md): minimal fields, consent recorded.
    contact_name = models.CharField(max_length=150, verbose_name="nom du contact")
    contact_email = models.EmailField(verbose_name="e-mail du contact")
    contact_phone = models.CharField(max_length=30, blank=True, verbose_name="téléphone du contact")
    consent_at = models.DateTimeField(verbose_name="consentement recueilli le")

    profile = models.JSONField(default=dict, blank=True, verbose_name="profil analysé")
    profile_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="profil corrigé par",
    )
    status = models.CharField(
        max_length=12,
        choices=NeedStatus.choices,
        default=NeedStatus.SUBMITTED,
        db_index=True,
        verbose_name="état",
    )
    is_emergency = models.BooleanField(default=False, db_index=True, verbose_name="urgence cyber")
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="doublon de",
    )
    spam_score = models.FloatField(default=0.0, verbose_name="score de spam")
    # Cyber emergency: the first responder to accept takes it (set by one conditional UPDATE).
    taken_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pris en charge par",
    )
    escalated_at = models.DateTimeField(null=True, blank=True, verbose_name="équipe alertée le")
    incident_type = models.CharField(max_length=12, blank=True, verbose_name="type d'incident")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_created",
        verbose_name="saisi par",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_assigned",
        verbose_name="attribué à",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="déposé le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mis à jour le")
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name="clôturé le")

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "besoin"

    def __str__(self) -> str:
        return f"Besoin n°{self.pk} — {self.organisation_name or 'sans organisation'}"


class Suggestion(models.Model):
    """One ranked candidate for a need, stored with its score, reasons and weights version."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="suggestions", verbose_name="besoin"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="prestataire"
    )
    rank = models.PositiveSmallIntegerField(verbose_name="rang")
    score = models.FloatField(verbose_name="score")
    reasons = models.JSONField(default=list, verbose_name="raisons")
    contributions = models.JSONField(default=dict, verbose_name="contributions au score")
    weights_version = models.CharField(max_length=40, verbose_name="version des pondérations")
    distance_km = models.FloatField(null=True, blank=True, verbose_name="distance (km)")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")

    class Meta:
        ordering = ["need", "rank"]
        verbose_name = "suggestion"
        verbose_name_plural = "suggestions"
        constraints = [
            models.UniqueConstraint(fields=["need", "organisation"], name="uniq_need_suggestion")
        ]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


INTRODUCTION_STATES = [(s.value, STATE_LABELS_FR[s]) for s in State]


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    def waiting(self) -> IntroductionQuerySet:
        return self.filter(state__in=[State.SENT, State.REMINDED])


class Introduction(models.Model):
    """A need sent to one provider: the unit the follow-up state machine moves."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="introductions", verbose_name="besoin"
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="introductions",
        verbose_name="prestataire",
    )
    state = models.CharField(
        max_length=12, choices=INTRODUCTION_STATES, default=State.SENT, verbose_name="état"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, verbose_name="jeton")
    sent_at = models.DateTimeField(verbose_name="envoyée le")
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name="réponse reçue le")
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name="relancée le")
    contract_amount = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name="montant du marché (€)"
    )
    contract_on = models.DateField(null=True, blank=True, verbose_name="date du marché")
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="satisfaction (1 à 5)"
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mise à jour le")

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["need", "sent_at", "id"]
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        constraints = [
            models.UniqueConstraint(fields=["need", "provider"], name="uniq_need_provider")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.provider_id} ({self.state})"


class IntroductionEvent(models.Model):
    """Append-only record of every transition: who, when, from, to."""

    introduction = models.ForeignKey(
        Introduction,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name="mise en relation",
    )
    event = models.CharField(max_length=20, verbose_name="événement")
    from_state = models.CharField(max_length=12, verbose_name="état de départ")
    to_state = models.CharField(max_length=12, verbose_name="état d'arrivée")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    at = models.DateTimeField(verbose_name="date")
    note = models.TextField(blank=True, verbose_name="note")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "événement de mise en relation"
        verbose_name_plural = "événements de mise en relation"


class IncidentType(models.TextChoices):
    RANSOMWARE = "ransomware", "rançongiciel"
    PHISHING = "phishing", "hameçonnage / fraude au président"
    DATA_LEAK = "data_leak", "fuite de données"
    INTRUSION = "intrusion", "intrusion / compte piraté"
    DEFACEMENT = "defacement", "défiguration de site"
    DDOS = "ddos", "déni de service"
    OTHER = "other", "autre"


class ResponderCommitment(models.Model):
    """A provider's commitment to answer cyber emergencies: on-call roster and response time."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="responder_commitment",
        verbose_name="prestataire",
    )
    on_call = models.BooleanField(
        default=True, help_text="astreinte déclarée", verbose_name="astreinte"
    )
    incident_types = models.JSONField(
        default=list,
        help_text="liste de codes de type d'incident (ransomware, phishing, data_leak…)",
        verbose_name="types d'incident",
    )
    response_time_minutes = models.PositiveIntegerField(
        default=240, verbose_name="délai d'intervention (minutes)"
    )
    roster_note = models.CharField(
        max_length=300, blank=True, verbose_name="organisation de l'astreinte"
    )
    max_distance_km = models.PositiveIntegerField(
        default=150, verbose_name="distance maximale (km)"
    )

    class Meta:
        verbose_name = "engagement d'intervention cyber"
        verbose_name_plural = "engagements d'intervention cyber"

    def __str__(self) -> str:
        return f"{self.organisation} ({self.response_time_minutes} min)"


class ProviderCapacity(models.Model):
    """How many introductions a provider accepts to have open at once (the ranking excludes
    a provider at its limit). No row: no declared limit."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="matching_capacity",
        verbose_name="prestataire",
    )
    max_open_introductions = models.PositiveSmallIntegerField(
        help_text="nombre maximal de mises en relation ouvertes en même temps",
        verbose_name="maximum de mises en relation ouvertes",
    )
    note = models.CharField(max_length=300, blank=True, verbose_name="note")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mise à jour le")

    class Meta:
        verbose_name = "capacité d'un prestataire"
        verbose_name_plural = "capacités des prestataires"

    def __str__(self) -> str:
        return f"{self.organisation} : {self.max_open_introductions} au plus"


class ConflictOfInterest(models.Model):
    """A declared conflict of interest between two organisations: the engine never proposes
    one to the other, in either direction (declared by staff in the back office)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="conflicts_declared",
        verbose_name="organisation",
    )
    other_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="conflicts_received",
        verbose_name="autre organisation",
    )
    reason = models.CharField(max_length=300, verbose_name="motif")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="déclaré le")

    class Meta:
        verbose_name = "conflit d'intérêts"
        verbose_name_plural = "conflits d'intérêts"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "other_organisation"], name="uniq_conflict_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("other_organisation")),
                name="conflict_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ↔ {self.other_organisation}"
