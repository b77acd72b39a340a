"""The directory: one record per organisation, keyed on SIRET when it has one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from maillage.opendata.models import Commune


class Domain(models.Model):
    """One of the network's domains of expertise (seeded from maillage_core.catalogue)."""

    slug = models.SlugField(primary_key=True, max_length=30)
    label = models.CharField(max_length=120)

    class Meta:
        ordering = ["label"]
        verbose_name = "domaine"

    def __str__(self) -> str:
        return self.label


class Label(models.Model):
    """A label or qualification (ExpertCyber, PASSI, Qualiopi…)."""

    slug = models.SlugField(primary_key=True, max_length=30)
    name = models.CharField(max_length=120)
    issuer = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)

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
    siret = models.CharField(max_length=14, null=True, blank=True, unique=True)
    siren = models.CharField(max_length=9, blank=True, db_index=True)
    # Natural key for records without SIRET (member spreadsheets, demo): (source, external_id).
    source = models.CharField(max_length=40, blank=True, default="")
    external_id = models.CharField(max_length=100, null=True, blank=True)

    name = models.CharField(max_length=250, db_index=True)
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    naf_code = models.CharField(max_length=8, blank=True, db_index=True)
    size_band = models.CharField(max_length=2, blank=True, help_text="INSEE tranche d'effectifs")
    legal_category = models.CharField(max_length=4, blank=True)
    is_head_office = models.BooleanField(default=False)
    created_on = models.DateField(null=True, blank=True)
    is_closed = models.BooleanField(default=False, db_index=True)
    closed_on = models.DateField(null=True, blank=True)

    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    department_code = models.CharField(max_length=3, blank=True, db_index=True)
    region_code = models.CharField(max_length=3, blank=True, db_index=True)
    epci_siren = models.CharField(max_length=9, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    hq_country = models.CharField(max_length=2, default="FR", help_text="ISO 3166 code")
    hq_region_code = models.CharField(max_length=3, blank=True)

    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    domains = models.ManyToManyField(Domain, blank=True, related_name="organisations")
    membership = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.NONE
    )
    is_demo = models.BooleanField(default=False)

    # Fields a staff member edited by hand: later imports never overwrite them.
    staff_edited_fields = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    """A specialty linked to a taxonomy entry (ROME fiche/skill, ESCO skill)."""

    class Taxonomy(models.TextChoices):
        ROME_FICHE = "rome", "fiche ROME"
        ROME_SKILL = "rome_skill", "compétence ROME"
        ESCO_SKILL = "esco", "compétence ESCO"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="skills")
    taxonomy = models.CharField(max_length=12, choices=Taxonomy.choices)
    code = models.CharField(max_length=200)
    label = models.CharField(max_length=400)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "taxonomy", "code"], name="uniq_org_skill"
            )
        ]


class OrganisationLabel(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="labels")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="holders")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label"], name="uniq_org_label")
        ]


class Contact(models.Model):
    """A person at an organisation: personal data, kept apart and never exported publicly."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "contact"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
