"""Reference data loaded from official open-data files (INSEE COG, NAF, ROME 4.0, ESCO).

These tables are written only by the loaders in `loaders/` (idempotent upserts on the
official codes) and read by every other app.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from maillage.opendata.text import fold


class Region(models.Model):
    code = models.CharField(primary_key=True, max_length=3, verbose_name="code")
    name = models.CharField(max_length=120, verbose_name="nom")

    class Meta:
        ordering = ["code"]
        verbose_name = "région"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Department(models.Model):
    code = models.CharField(primary_key=True, max_length=3, verbose_name="code")
    name = models.CharField(max_length=120, verbose_name="nom")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name="région"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(primary_key=True, max_length=9, verbose_name="SIREN")
    name = models.CharField(max_length=200, verbose_name="nom")
    nature = models.CharField(max_length=10, blank=True, verbose_name="nature")

    class Meta:
        ordering = ["name"]
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet["Commune"]):
    def in_region(self, region_code: str) -> CommuneQuerySet:
        return self.filter(region_id=region_code)

    def with_postcode(self, postcode: str) -> CommuneQuerySet:
        return self.filter(postcodes__postcode=postcode)


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "COM", "commune"
        MUNICIPAL_DISTRICT = "ARM", "arrondissement municipal"

    insee = models.CharField(primary_key=True, max_length=5, verbose_name="code INSEE")
    name = models.CharField(max_length=120, db_index=True, verbose_name="nom")
    # Lower-case, accent-free, punctuation as spaces (text.fold): accent-insensitive prefix search.
    name_folded = models.CharField(
        max_length=120, db_index=True, blank=True, verbose_name="nom normalisé"
    )
    kind = models.CharField(
        max_length=3, choices=Kind.choices, default=Kind.COMMUNE, verbose_name="type"
    )
    parent_insee = models.CharField(
        max_length=5,
        blank=True,
        help_text="pour un arrondissement municipal : sa commune (Paris…)",
        verbose_name="commune de rattachement",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name="département"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="communes", verbose_name="région"
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name="EPCI",
    )
    population = models.PositiveIntegerField(null=True, blank=True, verbose_name="population")
    latitude = models.FloatField(null=True, blank=True, verbose_name="latitude")
    longitude = models.FloatField(null=True, blank=True, verbose_name="longitude")
    bmo_basin = models.CharField(max_length=6, blank=True, verbose_name="bassin BMO")

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["insee"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Rows created outside the loaders (demo, tests) stay findable by commune_search.
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class CommunePostcode(models.Model):
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="postcodes", verbose_name="commune"
    )
    postcode = models.CharField(max_length=5, db_index=True, verbose_name="code postal")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [
            models.UniqueConstraint(fields=["commune", "postcode"], name="uniq_commune_postcode")
        ]


class NafCode(models.Model):
    """A NAF rév. 2 code at any level (section A … sub-class 62.01Z)."""

    class Level(models.IntegerChoices):
        SECTION = 1, "section"
        DIVISION = 2, "division"
        GROUP = 3, "groupe"
        CLASS = 4, "classe"
        SUBCLASS = 5, "sous-classe"

    code = models.CharField(primary_key=True, max_length=8, verbose_name="code")
    label = models.CharField(max_length=300, verbose_name="libellé")
    level = models.PositiveSmallIntegerField(choices=Level.choices, verbose_name="niveau")
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="code parent",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "code NAF"
        verbose_name_plural = "codes NAF"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class DigitalSectorDefinition(models.Model):
    """A versioned list of NAF codes making up 'the digital sector' (NAF rév. 2, later NAF 2025)."""

    version = models.CharField(primary_key=True, max_length=40, verbose_name="version")
    nomenclature = models.CharField(max_length=20, default="NAFRev2", verbose_name="nomenclature")
    label = models.CharField(max_length=200, verbose_name="libellé")
    source = models.CharField(max_length=300, blank=True, verbose_name="source")
    valid_from = models.DateField(null=True, blank=True, verbose_name="valable à partir du")
    valid_to = models.DateField(null=True, blank=True, verbose_name="valable jusqu'au")

    class Meta:
        ordering = ["-valid_from", "version"]
        verbose_name = "définition du secteur numérique"
        verbose_name_plural = "définitions du secteur numérique"

    def __str__(self) -> str:
        return self.version


class DigitalSectorCode(models.Model):
    definition = models.ForeignKey(
        DigitalSectorDefinition,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name="définition",
    )
    naf_code = models.CharField(max_length=8, verbose_name="code NAF")
    label = models.CharField(max_length=300, blank=True, verbose_name="libellé")
    reason = models.CharField(max_length=300, blank=True, verbose_name="motif")

    class Meta:
        verbose_name = "code NAF du secteur numérique"
        verbose_name_plural = "codes NAF du secteur numérique"
        constraints = [
            models.UniqueConstraint(fields=["definition", "naf_code"], name="uniq_digital_naf")
        ]


class RomeFiche(models.Model):
    """A ROME 4.0 occupation sheet (code_rome, e.g. M1805)."""

    code = models.CharField(primary_key=True, max_length=5, verbose_name="code ROME")
    label = models.CharField(max_length=300, verbose_name="libellé")
    label_folded = models.CharField(max_length=300, blank=True, verbose_name="libellé normalisé")
    domain_code = models.CharField(
        max_length=3, blank=True, verbose_name="code domaine professionnel"
    )
    parent_code = models.CharField(max_length=5, blank=True, verbose_name="code ROME parent")
    definition = models.TextField(blank=True, verbose_name="définition")
    # "accès à l'emploi": diplomas, experience, licences
    access = models.TextField(blank=True, verbose_name="accès à l'emploi")

    class Meta:
        ordering = ["code"]
        verbose_name = "fiche ROME"
        verbose_name_plural = "fiches ROME"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.label_folded = fold(self.label)
        super().save(*args, **kwargs)


class RomeHiringVolume(models.Model):
    """Observed hirings (DPAE) by ROME v3 fiche and employer sector: La Bonne Boîte's table."""

    # a v3 code, i.e. a generic ROME 4.0 fiche
    rome_code = models.CharField(max_length=5, verbose_name="code ROME")
    # NAF rév. 2 sub-class, dotted: "86.10Z"
    naf_code = models.CharField(max_length=6, verbose_name="code NAF")
    hirings = models.PositiveIntegerField(verbose_name="embauches")

    class Meta:
        ordering = ["rome_code", "naf_code"]
        verbose_name = "volume d'embauches ROME × NAF"
        verbose_name_plural = "volumes d'embauches ROME × NAF"
        constraints = [
            models.UniqueConstraint(fields=["rome_code", "naf_code"], name="uniq_rome_naf_hiring")
        ]

    def __str__(self) -> str:
        return f"{self.rome_code} × {self.naf_code}: {self.hirings}"


class RomeAppellation(models.Model):
    code = models.CharField(primary_key=True, max_length=8, verbose_name="code")
    label = models.CharField(max_length=300, verbose_name="libellé")
    label_folded = models.CharField(max_length=300, blank=True, verbose_name="libellé normalisé")
    short_label = models.CharField(max_length=300, blank=True, verbose_name="libellé court")
    fiche = models.ForeignKey(
        RomeFiche, on_delete=models.CASCADE, related_name="appellations", verbose_name="fiche ROME"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "appellation ROME"
        verbose_name_plural = "appellations ROME"

    def __str__(self) -> str:
        return f"{self.label} ({self.fiche_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.label_folded = fold(self.label)
        super().save(*args, **kwargs)


class RomeSkill(models.Model):
    """A ROME 4.0 skill item: compétence (savoir-faire / savoir-être) or savoir."""

    class Kind(models.TextChoices):
        COMPETENCE = "competence", "compétence"
        SAVOIR = "savoir", "savoir"
        MACRO = "macro", "macro-compétence"
        OTHER = "other", "autre"

    code = models.CharField(primary_key=True, max_length=12, verbose_name="code")
    label = models.CharField(max_length=500, verbose_name="libellé")
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name="type")

    class Meta:
        ordering = ["code"]
        verbose_name = "compétence ROME"
        verbose_name_plural = "compétences ROME"

    def __str__(self) -> str:
        return self.label


class RomeFicheSkill(models.Model):
    fiche = models.ForeignKey(
        RomeFiche, on_delete=models.CASCADE, related_name="skill_links", verbose_name="fiche ROME"
    )
    skill = models.ForeignKey(
        RomeSkill, on_delete=models.CASCADE, related_name="fiche_links", verbose_name="compétence"
    )
    is_core = models.BooleanField(default=False, verbose_name="cœur de métier")

    class Meta:
        verbose_name = "compétence d'une fiche ROME"
        verbose_name_plural = "compétences des fiches ROME"
        constraints = [
            models.UniqueConstraint(fields=["fiche", "skill"], name="uniq_rome_fiche_skill")
        ]


class EscoOccupation(models.Model):
    uri = models.CharField(primary_key=True, max_length=200, verbose_name="URI")
    label = models.CharField(max_length=300, verbose_name="libellé")
    alt_labels = models.TextField(
        blank=True, help_text="un libellé alternatif par ligne", verbose_name="libellés alternatifs"
    )
    isco_code = models.CharField(max_length=10, blank=True, verbose_name="code ISCO")
    description = models.TextField(blank=True, verbose_name="description")
    is_digital = models.BooleanField(default=False, verbose_name="métier du numérique")

    class Meta:
        ordering = ["label"]
        verbose_name = "métier ESCO"
        verbose_name_plural = "métiers ESCO"

    def __str__(self) -> str:
        return self.label


class EscoSkill(models.Model):
    uri = models.CharField(primary_key=True, max_length=200, verbose_name="URI")
    label = models.CharField(max_length=400, verbose_name="libellé")
    alt_labels = models.TextField(
        blank=True, help_text="un libellé alternatif par ligne", verbose_name="libellés alternatifs"
    )
    skill_type = models.CharField(max_length=40, blank=True, verbose_name="type de compétence")
    reuse_level = models.CharField(
        max_length=40, blank=True, verbose_name="niveau de réutilisation"
    )
    description = models.TextField(blank=True, verbose_name="description")
    is_digital = models.BooleanField(default=False, verbose_name="compétence numérique")

    class Meta:
        ordering = ["label"]
        verbose_name = "compétence ESCO"
        verbose_name_plural = "compétences ESCO"

    def __str__(self) -> str:
        return self.label


class SizeBand(models.Model):
    """An INSEE Sirene head-count band (tranche d'effectifs salariés, e.g. 11 = 10 to 19)."""

    code = models.CharField(primary_key=True, max_length=2, verbose_name="code")
    label = models.CharField(max_length=200, verbose_name="libellé")
    min_employees = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="effectif minimal"
    )
    max_employees = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="vide pour la tranche supérieure (sans borne)",
        verbose_name="effectif maximal",
    )
    # (min + max) / 2; the lower bound for the open top band; empty for non-employers (NN).
    midpoint = models.FloatField(null=True, blank=True, verbose_name="milieu de tranche")

    class Meta:
        ordering = ["code"]
        verbose_name = "tranche d'effectifs"
        verbose_name_plural = "tranches d'effectifs"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class LegalCategory(models.Model):
    """An INSEE legal category (catégorie juridique), level 1, 2 or 3 (codes of 1, 2, 4 digits)."""

    code = models.CharField(primary_key=True, max_length=4, verbose_name="code")
    label = models.CharField(max_length=300, verbose_name="libellé")
    level = models.PositiveSmallIntegerField(verbose_name="niveau")

    class Meta:
        ordering = ["code"]
        verbose_name = "catégorie juridique"
        verbose_name_plural = "catégories juridiques"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
