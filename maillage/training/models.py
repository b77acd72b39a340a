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
    source = models.CharField(max_length=12, choices=Source.choices, verbose_name="source")
    external_id = models.CharField(max_length=120, verbose_name="identifiant dans la source")
    title = models.CharField(max_length=500, verbose_name="intitulé")
    provider_name = models.CharField(
        max_length=300, blank=True, verbose_name="organisme de formation"
    )
    provider_siret = models.CharField(
        max_length=14, blank=True, verbose_name="SIRET de l'organisme de formation"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="organisation de l'annuaire",
    )
    certification_code = models.CharField(
        max_length=20, blank=True, db_index=True, verbose_name="code de certification"
    )
    level = models.CharField(max_length=60, blank=True, verbose_name="niveau")
    nsf_code = models.CharField(max_length=5, blank=True, verbose_name="code NSF")
    duration_hours = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="durée (heures)"
    )
    duration_text = models.CharField(
        max_length=60, blank=True, verbose_name="durée (texte de la source)"
    )
    modality = models.CharField(
        max_length=12, choices=Modality.choices, blank=True, verbose_name="modalité"
    )
    city = models.CharField(max_length=120, blank=True, verbose_name="ville")
    postcode = models.CharField(max_length=5, blank=True, verbose_name="code postal")
    commune_insee = models.CharField(
        max_length=5, blank=True, verbose_name="code INSEE de la commune"
    )
    department = models.CharField(
        max_length=3, blank=True, db_index=True, verbose_name="département"
    )
    funding = models.JSONField(default=list, blank=True, verbose_name="financements")
    rome_codes = models.JSONField(default=list, blank=True, verbose_name="codes ROME")
    # "data" | "classifier" | ""
    rome_from = models.CharField(max_length=12, blank=True, verbose_name="origine des codes ROME")
    # [{"code", "label"}]
    skills = models.JSONField(default=list, blank=True, verbose_name="compétences")
    url = models.URLField(max_length=500, blank=True, verbose_name="URL de la formation")
    domain = models.CharField(max_length=120, blank=True, verbose_name="domaine")
    content_hash = models.CharField(max_length=32, verbose_name="empreinte du contenu")
    staff_edited = models.BooleanField(
        default=False,
        help_text="modifiée par l'équipe : les imports suivants la laissent telle quelle",
        verbose_name="modifiée par l'équipe",
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mise à jour le")

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
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name="formation"
    )
    start = models.DateField(null=True, blank=True, verbose_name="date de début")
    end = models.DateField(null=True, blank=True, verbose_name="date de fin")
    city = models.CharField(max_length=120, blank=True, verbose_name="ville")
    postcode = models.CharField(max_length=5, blank=True, verbose_name="code postal")

    class Meta:
        ordering = ["programme", "start", "id"]
        verbose_name = "session"


class UpskillingNeed(models.Model):
    """A company's upskilling need: the skill key it was analysed into, where, how many people."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="upskilling_needs",
        verbose_name="organisation",
    )
    text = models.TextField(verbose_name="besoin exprimé")
    skill_key = models.CharField(max_length=120, db_index=True, verbose_name="compétence visée")
    department = models.CharField(max_length=3, blank=True, verbose_name="département")
    headcount = models.PositiveIntegerField(default=1, verbose_name="nombre de personnes")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")
    pooled_in = models.ForeignKey(
        "CollectiveSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name="session collective",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "besoin de montée en compétences"
        verbose_name_plural = "besoins de montée en compétences"


class CollectiveSession(models.Model):
    """A proposed collective session pooling identical needs of several companies."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "proposée"
        CONFIRMED = "confirmed", "confirmée"
        CANCELLED = "cancelled", "annulée"

    skill_key = models.CharField(max_length=120, verbose_name="compétence visée")
    department = models.CharField(max_length=3, blank=True, verbose_name="département")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="formation suggérée",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, verbose_name="statut"
    )
    headcount = models.PositiveIntegerField(default=0, verbose_name="nombre de personnes")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="proposée le")

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "session collective proposée"
        verbose_name_plural = "sessions collectives proposées"
