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

    kind = models.CharField(max_length=60, db_index=True)
    source = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "exécution d'import"

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

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "e-mail en attente"

    def __str__(self) -> str:
        return f"{self.key} → {self.to} ({self.status})"
