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
