"""Observatory data: job offers (classified into ROME), BMO survey cells, dated snapshots."""

from __future__ import annotations

from django.db import models


class JobOffer(models.Model):
    """A job offer from France Travail (API JSON) or a generic CSV, classified into ROME 4.0.

    Contact fields of the source are never stored; the observatory publishes aggregates only.
    """

    source = models.CharField(max_length=20)  # "france_travail" | "csv"
    external_id = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    rome_code = models.CharField(max_length=5, blank=True)  # as published by the source
    rome_codes = models.JSONField(default=list, blank=True)  # classifier top-3
    skills = models.JSONField(default=list, blank=True)  # [{"code", "label"}]
    commune_insee = models.CharField(max_length=5, blank=True)
    department = models.CharField(max_length=3, blank=True, db_index=True)
    posted_on = models.DateField(null=True, blank=True)
    month = models.CharField(max_length=7, blank=True, db_index=True)  # "YYYY-MM"
    content_hash = models.CharField(max_length=32)

    class Meta:
        ordering = ["-posted_on", "id"]
        verbose_name = "offre d'emploi"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="uniq_offer_source_id")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rome(self) -> str:
        """The code the observatory counts: the source's, else the classifier's best."""
        return self.rome_code or (self.rome_codes[0] if self.rome_codes else "")


class BmoProject(models.Model):
    """One BMO survey cell: hiring projects for a BMO occupation in an employment area."""

    year = models.PositiveSmallIntegerField()
    occupation_code = models.CharField(max_length=8)
    occupation_label = models.CharField(max_length=200)
    family_code = models.CharField(max_length=4, blank=True)
    family_label = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=3)
    department = models.CharField(max_length=3, db_index=True)
    basin = models.CharField(max_length=6)
    basin_label = models.CharField(max_length=120, blank=True)
    projects = models.PositiveIntegerField()
    difficult = models.PositiveIntegerField()
    seasonal = models.PositiveIntegerField()

    class Meta:
        ordering = ["year", "basin", "occupation_code"]
        verbose_name = "projets de recrutement (BMO)"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "occupation_code", "basin", "department"], name="uniq_bmo_cell"
            )
        ]


class Snapshot(models.Model):
    """A dated Parquet file under MAILLAGE_HOME/observatory/ (offers, bmo, supply, unmet,
    barometer); `meta` carries the source, its date and the definition version."""

    kind = models.CharField(max_length=20)
    taken_on = models.DateField()
    path = models.CharField(max_length=500)
    rows = models.PositiveIntegerField(default=0)
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "kind"]
        verbose_name = "instantané de l'observatoire"
        constraints = [
            models.UniqueConstraint(fields=["kind", "taken_on"], name="uniq_snapshot_kind_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.taken_on}"
