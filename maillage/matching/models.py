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
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs"
    )
    organisation_name = models.CharField(max_length=250, blank=True)
    siret = models.CharField(max_length=14, blank=True)
    text = models.TextField()
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs"
    )
    # Personal data of the requester (QUALITY.md): minimal fields, consent recorded.
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=30, blank=True)
    consent_at = models.DateTimeField()

    profile = models.JSONField(default=dict, blank=True)
    profile_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED, db_index=True
    )
    is_emergency = models.BooleanField(default=False, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    spam_score = models.FloatField(default=0.0)
    # Cyber emergency: the first responder to accept takes it (set by one conditional UPDATE).
    taken_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    incident_type = models.CharField(max_length=12, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_created",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_assigned",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "besoin"

    def __str__(self) -> str:
        return f"Besoin n°{self.pk} — {self.organisation_name or 'sans organisation'}"


class Suggestion(models.Model):
    """One ranked candidate for a need, stored with its score, reasons and weights version."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="suggestions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    contributions = models.JSONField(default=dict)
    weights_version = models.CharField(max_length=40)
    distance_km = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["need", "rank"]
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

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="introductions"
    )
    state = models.CharField(max_length=12, choices=INTRODUCTION_STATES, default=State.SENT)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    contract_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    contract_on = models.DateField(null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["need", "sent_at", "id"]
        verbose_name = "mise en relation"
        constraints = [
            models.UniqueConstraint(fields=["need", "provider"], name="uniq_need_provider")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.provider_id} ({self.state})"


class IntroductionEvent(models.Model):
    """Append-only record of every transition: who, when, from, to."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


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
        Organisation, on_delete=models.CASCADE, related_name="responder_commitment"
    )
    on_call = models.BooleanField(default=True, help_text="astreinte déclarée")
    incident_types = models.JSONField(default=list, help_text="IncidentType values")
    response_time_minutes = models.PositiveIntegerField(default=240)
    roster_note = models.CharField(max_length=300, blank=True)
    max_distance_km = models.PositiveIntegerField(default=150)

    class Meta:
        verbose_name = "engagement d'intervention cyber"

    def __str__(self) -> str:
        return f"{self.organisation} ({self.response_time_minutes} min)"


class ProviderCapacity(models.Model):
    """How many introductions a provider accepts to have open at once (the ranking excludes
    a provider at its limit). No row: no declared limit."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="matching_capacity"
    )
    max_open_introductions = models.PositiveSmallIntegerField(
        help_text="nombre maximal de mises en relation ouvertes en même temps"
    )
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "capacité d'un prestataire"
        verbose_name_plural = "capacités des prestataires"

    def __str__(self) -> str:
        return f"{self.organisation} : {self.max_open_introductions} au plus"


class ConflictOfInterest(models.Model):
    """A declared conflict of interest between two organisations: the engine never proposes
    one to the other, in either direction (declared by staff in the back office)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conflicts_declared"
    )
    other_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conflicts_received"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

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
