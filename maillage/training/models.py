"""Training catalogue: programmes (one per source record), their sessions, and pooled upskilling."""

from __future__ import annotations

from django.db import models

from maillage.directory.models import Organisation


class Modality(models.TextChoices):
    PRESENTIEL = "presentiel", "présentiel"
    DISTANCIEL = "distanciel", "à distance"
    MIXTE = "mixte", "mixte"
    ALTERNANCE = "alternance", "alternance"


class Source(models.TextChoices):
    ONISEP = "onisep", "ONISEP"
    RNCP = "rncp", "RNCP / RS (France Compétences)"
    SECNUMEDU = "secnumedu", "SecNumEdu (ANSSI)"
    LHEO = "lheo", "Carif-Oref (LHEO)"
    CPF = "cpf", "Mon Compte Formation"


class Programme(models.Model):
    source = models.CharField(max_length=12, choices=Source.choices)
    external_id = models.CharField(max_length=120)
    title = models.CharField(max_length=500)
    provider_name = models.CharField(max_length=300, blank=True)
    provider_siret = models.CharField(max_length=14, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
    )
    certification_code = models.CharField(max_length=20, blank=True, db_index=True)
    level = models.CharField(max_length=60, blank=True)
    nsf_code = models.CharField(max_length=5, blank=True)
    duration_hours = models.PositiveIntegerField(null=True, blank=True)
    duration_text = models.CharField(max_length=60, blank=True)
    modality = models.CharField(max_length=12, choices=Modality.choices, blank=True)
    city = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    commune_insee = models.CharField(max_length=5, blank=True)
    department = models.CharField(max_length=3, blank=True, db_index=True)
    funding = models.JSONField(default=list, blank=True)
    rome_codes = models.JSONField(default=list, blank=True)
    rome_from = models.CharField(max_length=12, blank=True)  # "data" | "classifier" | ""
    skills = models.JSONField(default=list, blank=True)  # [{"code", "label"}]
    url = models.URLField(max_length=500, blank=True)
    domain = models.CharField(max_length=120, blank=True)
    content_hash = models.CharField(max_length=32)
    staff_edited = models.BooleanField(
        default=False, help_text="edited by staff: later imports leave it as is"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "formation"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="uniq_programme_source_id"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    city = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["programme", "start", "id"]
        verbose_name = "session"


class UpskillingNeed(models.Model):
    """A company's upskilling need: the skill key it was analysed into, where, how many people."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="upskilling_needs"
    )
    text = models.TextField()
    skill_key = models.CharField(max_length=120, db_index=True)
    department = models.CharField(max_length=3, blank=True)
    headcount = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    pooled_in = models.ForeignKey(
        "CollectiveSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "besoin de montée en compétences"


class CollectiveSession(models.Model):
    """A proposed collective session pooling identical needs of several companies."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "proposée"
        CONFIRMED = "confirmed", "confirmée"
        CANCELLED = "cancelled", "annulée"

    skill_key = models.CharField(max_length=120)
    department = models.CharField(max_length=3, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    headcount = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "session collective proposée"
