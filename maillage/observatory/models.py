"""Observatory data: job offers (classified into ROME), BMO survey cells, dated snapshots."""

from __future__ import annotations

from django.db import models


class JobOffer(models.Model):
    """A job offer from France Travail (API JSON) or a generic CSV, classified into ROME 4.0.

    Contact fields of the source are never stored; the observatory publishes aggregates only.
    """

    source = models.CharField(max_length=20, verbose_name="source")  # "france_travail" | "csv"
    external_id = models.CharField(max_length=60, verbose_name="identifiant dans la source")
    title = models.CharField(max_length=300, verbose_name="intitulé")
    description = models.TextField(blank=True, verbose_name="description")
    # as published by the source
    rome_code = models.CharField(max_length=5, blank=True, verbose_name="code ROME (source)")
    # classifier top-3
    rome_codes = models.JSONField(default=list, blank=True, verbose_name="codes ROME (classifieur)")
    # [{"code", "label"}]
    skills = models.JSONField(default=list, blank=True, verbose_name="compétences")
    commune_insee = models.CharField(
        max_length=5, blank=True, verbose_name="code INSEE de la commune"
    )
    department = models.CharField(
        max_length=3, blank=True, db_index=True, verbose_name="département"
    )
    posted_on = models.DateField(null=True, blank=True, verbose_name="publiée le")
    # "YYYY-MM"
    month = models.CharField(max_length=7, blank=True, db_index=True, verbose_name="mois")
    content_hash = models.CharField(max_length=32, verbose_name="empreinte du contenu")

    class Meta:
        ordering = ["-posted_on", "id"]
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
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

    year = models.PositiveSmallIntegerField(verbose_name="année")
    occupation_code = models.CharField(max_length=8, verbose_name="code métier BMO")
    occupation_label = models.CharField(max_length=200, verbose_name="métier BMO")
    family_code = models.CharField(max_length=4, blank=True, verbose_name="code famille de métiers")
    family_label = models.CharField(max_length=200, blank=True, verbose_name="famille de métiers")
    region = models.CharField(max_length=3, verbose_name="région")
    department = models.CharField(max_length=3, db_index=True, verbose_name="département")
    basin = models.CharField(max_length=6, verbose_name="code bassin BMO")
    basin_label = models.CharField(max_length=120, blank=True, verbose_name="bassin BMO")
    projects = models.PositiveIntegerField(verbose_name="projets de recrutement")
    difficult = models.PositiveIntegerField(verbose_name="projets jugés difficiles")
    seasonal = models.PositiveIntegerField(verbose_name="projets saisonniers")

    class Meta:
        ordering = ["year", "basin", "occupation_code"]
        verbose_name = "projets de recrutement (BMO)"
        verbose_name_plural = "projets de recrutement (BMO)"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "occupation_code", "basin", "department"], name="uniq_bmo_cell"
            )
        ]


class Snapshot(models.Model):
    """A dated Parquet file under MAILLAGE_HOME/observatory/ (offers, bmo, supply, unmet,
    barometer); `meta` carries the source, its date and the definition version."""

    kind = models.CharField(max_length=20, verbose_name="type")
    taken_on = models.DateField(verbose_name="date")
    path = models.CharField(max_length=500, verbose_name="chemin du fichier")
    rows = models.PositiveIntegerField(default=0, verbose_name="lignes")
    meta = models.JSONField(default=dict, blank=True, verbose_name="métadonnées")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")

    class Meta:
        ordering = ["-taken_on", "kind"]
        verbose_name = "instantané de l'observatoire"
        verbose_name_plural = "instantanés de l'observatoire"
        constraints = [
            models.UniqueConstraint(fields=["kind", "taken_on"], name="uniq_snapshot_kind_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.taken_on}"
