"""Cross-cutting records: the ledger of every import and background job run."""

from __future__ import annotations

from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "running", "en cours"
    SUCCEEDED = "succeeded", "réussi"
    FAILED = "failed", "échoué"
    REFUSED = "refused", "refusé"


class ImportRun(models.Model):
    """One run of an import or a background job: start, end, status, counts, error."""

    kind = models.CharField(max_length=60, db_index=True, verbose_name="type")
    source = models.CharField(max_length=500, blank=True, verbose_name="source")
    started_at = models.DateTimeField(verbose_name="démarrée le")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="terminée le")
    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING, verbose_name="statut"
    )
    counts = models.JSONField(default=dict, blank=True, verbose_name="compteurs")
    error = models.TextField(blank=True, verbose_name="erreur")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "exécution d'import"
        verbose_name_plural = "exécutions d'import"

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "à envoyer"
    SENDING = "sending", "envoi en cours"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"


class OutboxEmail(models.Model):
    """An e-mail written in the same transaction as the change that causes it.

    `key` is the idempotency key (e.g. `digest:<alert>:<recipient>:<period>`): enqueuing the
    same key twice keeps one row, so a re-run never sends twice.
    """

    key = models.CharField(max_length=200, unique=True, verbose_name="clé d'idempotence")
    to = models.EmailField(verbose_name="destinataire")
    subject = models.CharField(max_length=250, verbose_name="objet")
    body = models.TextField(verbose_name="corps du message")
    status = models.CharField(
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
        verbose_name="statut",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name="pris en charge le")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="envoyé le")
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name="tentatives")
    last_error = models.TextField(blank=True, verbose_name="dernière erreur")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "e-mail en attente"
        verbose_name_plural = "e-mails en attente"

    def __str__(self) -> str:
        return f"{self.key} → {self.to} ({self.status})"
