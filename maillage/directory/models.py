"""The directory: one record per organisation, keyed on SIRET when it has one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from maillage.opendata.models import Commune


class Domain(models.Model):
    """One of the network's domains of expertise (seeded from maillage_core.catalogue)."""

    slug = models.SlugField(primary_key=True, max_length=30, verbose_name="identifiant")
    label = models.CharField(max_length=120, verbose_name="libellé")

    class Meta:
        ordering = ["label"]
        verbose_name = "domaine"

    def __str__(self) -> str:
        return self.label


class Label(models.Model):
    """A label or qualification (ExpertCyber, PASSI, Qualiopi…)."""

    slug = models.SlugField(primary_key=True, max_length=30, verbose_name="identifiant")
    name = models.CharField(max_length=120, verbose_name="nom")
    issuer = models.CharField(max_length=120, blank=True, verbose_name="délivré par")
    description = models.TextField(blank=True, verbose_name="description")

    class Meta:
        ordering = ["name"]
        verbose_name = "label"

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COMPANY = "company", "entreprise"
    PUBLIC_BODY = "public_body", "organisme public"
    SCHOOL = "school", "école / université"
    TRAINING_BODY = "training_body", "organisme de formation"
    LAB = "lab", "laboratoire"
    ASSOCIATION = "association", "association"
    TIERS_LIEU = "tiers_lieu", "tiers-lieu"


class MembershipStatus(models.TextChoices):
    NONE = "none", "non adhérent"
    PROSPECT = "prospect", "prospect"
    MEMBER = "member", "adhérent"
    FORMER = "former", "ancien adhérent"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_closed=False)

    def members(self) -> OrganisationQuerySet:
        return self.filter(membership=MembershipStatus.MEMBER)

    def in_department(self, code: str) -> OrganisationQuerySet:
        return self.filter(department_code=code)


class Organisation(models.Model):
    siret = models.CharField(
        max_length=14, null=True, blank=True, unique=True, verbose_name="SIRET"
    )
    siren = models.CharField(max_length=9, blank=True, db_index=True, verbose_name="SIREN")
    # Natural key for records without SIRET (member spreadsheets, demo): (source, external_id).
    source = models.CharField(max_length=40, blank=True, default="", verbose_name="source")
    external_id = models.CharField(
        max_length=100, null=True, blank=True, verbose_name="identifiant dans la source"
    )

    name = models.CharField(max_length=250, db_index=True, verbose_name="nom")
    kind = models.CharField(
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.COMPANY,
        verbose_name="type",
    )
    naf_code = models.CharField(max_length=8, blank=True, db_index=True, verbose_name="code NAF")
    size_band = models.CharField(
        max_length=2,
        blank=True,
        help_text="code INSEE de la tranche d'effectifs salariés",
        verbose_name="tranche d'effectifs",
    )
    legal_category = models.CharField(max_length=4, blank=True, verbose_name="catégorie juridique")
    is_head_office = models.BooleanField(default=False, verbose_name="siège social")
    created_on = models.DateField(null=True, blank=True, verbose_name="date de création")
    is_closed = models.BooleanField(default=False, db_index=True, verbose_name="fermé")
    closed_on = models.DateField(null=True, blank=True, verbose_name="date de fermeture")

    address = models.CharField(max_length=300, blank=True, verbose_name="adresse")
    postcode = models.CharField(max_length=5, blank=True, verbose_name="code postal")
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="commune",
    )
    department_code = models.CharField(
        max_length=3, blank=True, db_index=True, verbose_name="code département"
    )
    region_code = models.CharField(
        max_length=3, blank=True, db_index=True, verbose_name="code région"
    )
    epci_siren = models.CharField(
        max_length=9, blank=True, db_index=True, verbose_name="SIREN de l'EPCI"
    )
    latitude = models.FloatField(null=True, blank=True, verbose_name="latitude")
    longitude = models.FloatField(null=True, blank=True, verbose_name="longitude")

    hq_country = models.CharField(
        max_length=2, default="FR", help_text="code ISO 3166", verbose_name="pays du siège"
    )
    hq_region_code = models.CharField(max_length=3, blank=True, verbose_name="code région du siège")

    website = models.URLField(blank=True, verbose_name="site web")
    description = models.TextField(blank=True, verbose_name="description")
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="organisations", verbose_name="domaines"
    )
    membership = models.CharField(
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NONE,
        verbose_name="adhésion",
    )
    is_demo = models.BooleanField(default=False, verbose_name="donnée de démonstration")

    # Fields a staff member edited by hand: later imports never overwrite them.
    staff_edited_fields = models.JSONField(
        default=list, blank=True, verbose_name="champs modifiés par l'équipe"
    )
    content_hash = models.CharField(max_length=64, blank=True, verbose_name="empreinte du contenu")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mis à jour le")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "organisation"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=Q(external_id__isnull=False),
                name="uniq_org_source_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationSkill(models.Model):
    """A specialty: a taxonomy entry (ROME fiche/skill, ESCO skill), or a specialty in the
    organisation's own words (`SPECIALTY`, from a member spreadsheet's `services`: `code` is
    its folded key, `label` the text as written)."""

    class Taxonomy(models.TextChoices):
        ROME_FICHE = "rome", "fiche ROME"
        ROME_SKILL = "rome_skill", "compétence ROME"
        ESCO_SKILL = "esco", "compétence ESCO"
        SPECIALTY = "specialite", "spécialité déclarée"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="skills", verbose_name="organisation"
    )
    taxonomy = models.CharField(max_length=12, choices=Taxonomy.choices, verbose_name="référentiel")
    code = models.CharField(max_length=200, verbose_name="code")
    label = models.CharField(max_length=400, verbose_name="libellé")

    class Meta:
        verbose_name = "spécialité"
        verbose_name_plural = "spécialités"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "taxonomy", "code"], name="uniq_org_skill"
            )
        ]


class OrganisationLabel(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="labels", verbose_name="organisation"
    )
    label = models.ForeignKey(
        Label, on_delete=models.PROTECT, related_name="holders", verbose_name="label"
    )
    valid_from = models.DateField(null=True, blank=True, verbose_name="valable à partir du")
    valid_to = models.DateField(null=True, blank=True, verbose_name="valable jusqu'au")
    reference = models.CharField(max_length=100, blank=True, verbose_name="référence")

    class Meta:
        verbose_name = "label obtenu"
        verbose_name_plural = "labels obtenus"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label"], name="uniq_org_label")
        ]


class DeclaredLabel(models.Model):
    """A label a member wrote that the catalogue does not know: declared, not verified.

    Kept apart from `OrganisationLabel` on purpose: nothing trusts it (the ranking reads only
    `OrganisationLabel`, the search does not index it); the page shows it as "déclaré, non
    vérifié" so staff can check it and, if real, add it to the catalogue.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="declared_labels",
        verbose_name="organisation",
    )
    key = models.CharField(max_length=200, verbose_name="clé de comparaison")
    name = models.CharField(max_length=200, verbose_name="label tel qu'écrit")

    class Meta:
        ordering = ["name"]
        verbose_name = "label déclaré, non vérifié"
        verbose_name_plural = "labels déclarés, non vérifiés"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="uniq_org_declared_label")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at an organisation: personal data, kept apart and never exported publicly."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name="organisation"
    )
    first_name = models.CharField(max_length=100, verbose_name="prénom")
    last_name = models.CharField(max_length=100, verbose_name="nom")
    role = models.CharField(max_length=120, blank=True, verbose_name="fonction")
    email = models.EmailField(blank=True, verbose_name="adresse e-mail")
    phone = models.CharField(max_length=30, blank=True, verbose_name="téléphone")
    consent_at = models.DateTimeField(
        null=True, blank=True, verbose_name="consentement recueilli le"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "contact"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
