"""The funding watch: calls, registered feeds, the review queue, saved searches, follows and
applications.

Multi-valued vocabulary fields (themes, audiences, aid types, funders, NAF exclusions) are
stored as *tag strings* `|a|b|` (see `tags_encode`): `field__contains="|ia|"` filters them the
same way on SQLite and PostgreSQL (JSON `contains` is not supported on SQLite), and the
property of the same name without `_tags` gives them back as a tuple.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.common.models import ImportRun
from maillage.directory.models import Organisation
from maillage_core.funding.formats import FORMATS
from maillage_core.funding.vocab import Recurrence


def tags_encode(values: Iterable[str]) -> str:
    """`["ia", "data"]` → `"|data|ia|"` (sorted, unique, `|` removed from values)."""
    cleaned = sorted({v.replace("|", "/").strip() for v in values if v and v.strip()})
    return f"|{'|'.join(cleaned)}|" if cleaned else ""


def tags_decode(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split("|") if t)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CallStatus(models.TextChoices):
    PUBLISHED = "published", "publié"
    TO_REVIEW = "to_review", "à relire"
    ARCHIVED = "archived", "archivé"


class CallQuerySet(models.QuerySet["FundingCall"]):
    def visible(self) -> CallQuerySet:
        """Published and not a duplicate of another call (duplicates are shown once)."""
        return self.filter(status=CallStatus.PUBLISHED, duplicate_of__isnull=True)

    def open(self, today: date) -> CallQuerySet:
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today)).filter(
            Q(opening_date__isnull=True) | Q(opening_date__lte=today)
        )

    def closing_soon(self, today: date, days: int = 30) -> CallQuerySet:
        from datetime import timedelta

        return self.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days))


class FundingCall(models.Model):
    """One aid, call for projects (AAP) or call for expressions of interest (AMI)."""

    source = models.CharField(max_length=200, verbose_name="source")
    external_id = models.CharField(max_length=300, verbose_name="identifiant dans la source")
    title = models.CharField(max_length=500, verbose_name="titre")
    description = models.TextField(blank=True, verbose_name="description")
    url = models.CharField(max_length=1000, blank=True, verbose_name="URL de l'appel")
    application_url = models.CharField(
        max_length=1000, blank=True, verbose_name="URL de candidature"
    )
    funders_tags = models.TextField(blank=True, verbose_name="financeurs")
    instructors_tags = models.TextField(blank=True, verbose_name="instructeurs")
    programmes_tags = models.TextField(blank=True, verbose_name="programmes")
    aid_types_tags = models.CharField(max_length=300, blank=True, verbose_name="types d'aide")
    is_aap = models.BooleanField(default=False, verbose_name="appel à projets (AAP)")
    is_ami = models.BooleanField(
        default=False, verbose_name="appel à manifestation d'intérêt (AMI)"
    )
    recurrence = models.CharField(
        max_length=12,
        choices=[(r.value, r.label) for r in Recurrence],
        blank=True,
        verbose_name="récurrence",
    )
    opening_date = models.DateField(null=True, blank=True, verbose_name="date d'ouverture")
    predeposit_date = models.DateField(null=True, blank=True, verbose_name="date de pré-dépôt")
    deadline = models.DateField(null=True, blank=True, db_index=True, verbose_name="date limite")
    audiences_tags = models.CharField(max_length=500, blank=True, verbose_name="publics")
    perimeter_kind = models.CharField(max_length=12, blank=True, verbose_name="type de périmètre")
    perimeter_code = models.CharField(max_length=12, blank=True, verbose_name="code du périmètre")
    perimeter_label = models.CharField(max_length=200, blank=True, verbose_name="périmètre")
    themes_tags = models.CharField(max_length=500, blank=True, verbose_name="thèmes")
    subsidy_rate_min = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="taux de subvention minimal (%)"
    )
    subsidy_rate_max = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="taux de subvention maximal (%)"
    )
    amount_min = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name="montant minimal (€)"
    )
    amount_max = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name="montant maximal (€)"
    )
    naf_exclusions_tags = models.CharField(
        max_length=500, blank=True, verbose_name="codes NAF exclus"
    )
    source_categories = models.JSONField(
        default=list, blank=True, verbose_name="catégories de la source"
    )

    content_hash = models.CharField(max_length=64, verbose_name="empreinte du contenu")
    status = models.CharField(
        max_length=10,
        choices=CallStatus.choices,
        default=CallStatus.PUBLISHED,
        db_index=True,
        verbose_name="statut",
    )
    # Fields a staff member edited: a later import never overwrites them (→ ReviewItem).
    staff_edited_fields = models.JSONField(
        default=list, blank=True, verbose_name="champs modifiés par l'équipe"
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="doublon de",
    )
    created_at = models.DateTimeField(db_index=True, verbose_name="créé le")
    updated_at = models.DateTimeField(verbose_name="mis à jour le")

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "appel / aide"
        verbose_name_plural = "appels et aides"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="uniq_call_source_key")
        ]
        # `catalogue_version` (count, last update, duplicates) from this small index instead of
        # the table's pages: 18 ms → 2 ms at 10,000 calls on SQLite.
        indexes = [models.Index(fields=["updated_at", "duplicate_of"], name="call_version_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def http_url(self) -> str:
        """The call's URL if it is http(s), else "" (never render a `javascript:` link)."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else ""

    @property
    def funders(self) -> tuple[str, ...]:
        return tags_decode(self.funders_tags)

    @property
    def instructors(self) -> tuple[str, ...]:
        return tags_decode(self.instructors_tags)

    @property
    def programmes(self) -> tuple[str, ...]:
        return tags_decode(self.programmes_tags)

    @property
    def aid_types(self) -> tuple[str, ...]:
        return tags_decode(self.aid_types_tags)

    @property
    def audiences(self) -> tuple[str, ...]:
        return tags_decode(self.audiences_tags)

    @property
    def themes(self) -> tuple[str, ...]:
        return tags_decode(self.themes_tags)

    @property
    def naf_exclusions(self) -> tuple[str, ...]:
        return tags_decode(self.naf_exclusions_tags)


class FundingSource(models.Model):
    """A feed registered by staff, polled by a periodic task."""

    name = models.CharField(max_length=200, verbose_name="nom")
    format = models.CharField(
        max_length=40, choices=[(f, f) for f in FORMATS], verbose_name="format"
    )
    url = models.URLField(max_length=1000, verbose_name="URL du flux")
    funder = models.CharField(
        max_length=200, blank=True, help_text="financeur (flux RSS)", verbose_name="financeur"
    )
    active = models.BooleanField(default=True, verbose_name="active")
    last_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dernière exécution",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "source de financements"
        verbose_name_plural = "sources de financements"
        constraints = [models.UniqueConstraint(fields=["url"], name="uniq_funding_source_url")]

    def __str__(self) -> str:
        return self.name


class ReviewItem(models.Model):
    """An upstream change to a field a staff member edited: kept aside until someone decides."""

    class Resolution(models.TextChoices):
        OPEN = "open", "à traiter"
        ACCEPTED = "accepted", "valeur de la source reprise"
        REJECTED = "rejected", "modification du personnel conservée"

    call = models.ForeignKey(
        FundingCall, on_delete=models.CASCADE, related_name="review_items", verbose_name="appel"
    )
    field = models.CharField(max_length=60, verbose_name="champ")
    current_value = models.JSONField(null=True, blank=True, verbose_name="valeur actuelle")
    upstream_value = models.JSONField(null=True, blank=True, verbose_name="valeur de la source")
    resolution = models.CharField(
        max_length=10,
        choices=Resolution.choices,
        default=Resolution.OPEN,
        db_index=True,
        verbose_name="décision",
    )
    created_at = models.DateTimeField(verbose_name="créée le")
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name="traitée le")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traitée par",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "modification à relire"
        verbose_name_plural = "modifications à relire"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "field"],
                condition=Q(resolution="open"),
                name="uniq_open_review_item",
            )
        ]


class Frequency(models.TextChoices):
    DAILY = "daily", "quotidienne"
    WEEKLY = "weekly", "hebdomadaire"


class SavedSearch(models.Model):
    """Typed criteria (never a replayed querystring) with a digest frequency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funding_searches",
        verbose_name="utilisateur",
    )
    name = models.CharField(max_length=150, verbose_name="nom")
    email = models.EmailField(verbose_name="adresse e-mail")
    themes = models.JSONField(default=list, blank=True, verbose_name="thèmes")
    audiences = models.JSONField(default=list, blank=True, verbose_name="publics")
    aid_types = models.JSONField(default=list, blank=True, verbose_name="types d'aide")
    perimeter_code = models.CharField(
        max_length=5, blank=True, help_text="code INSEE", verbose_name="périmètre"
    )
    text = models.CharField(max_length=200, blank=True, verbose_name="mots-clés")
    open_only = models.BooleanField(default=True, verbose_name="appels ouverts seulement")
    frequency = models.CharField(
        max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY, verbose_name="fréquence"
    )
    confirm_token = models.CharField(
        max_length=64, unique=True, default=new_token, verbose_name="jeton de confirmation"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name="confirmée le")
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_token, verbose_name="jeton de désabonnement"
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True, verbose_name="désabonnée le")
    ics_token = models.CharField(
        max_length=64, unique=True, default=new_token, verbose_name="jeton du calendrier ICS"
    )
    last_digest_at = models.DateTimeField(
        null=True, blank=True, verbose_name="dernier récapitulatif envoyé le"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class UserCalendar(models.Model):
    """The secret token of a user's own deadline calendar (followed calls)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funding_calendar",
        verbose_name="utilisateur",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, verbose_name="jeton")

    class Meta:
        verbose_name = "calendrier des échéances"
        verbose_name_plural = "calendriers des échéances"


class FollowedCall(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_calls",
        verbose_name="utilisateur",
    )
    call = models.ForeignKey(
        FundingCall, on_delete=models.CASCADE, related_name="followers", verbose_name="appel"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="suivi depuis le")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "appel suivi"
        verbose_name_plural = "appels suivis"
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="uniq_followed_call")]


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", "en préparation"
    SUBMITTED = "submitted", "déposée"
    OBTAINED = "obtained", "obtenue"
    REFUSED = "refused", "refusée"
    ABANDONED = "abandoned", "abandonnée"


class Application(models.Model):
    """A member's application to a call: preparing → submitted → obtained / refused, or
    abandoned (transitions in `states.py`)."""

    call = models.ForeignKey(
        FundingCall, on_delete=models.PROTECT, related_name="applications", verbose_name="appel"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="funding_applications",
        verbose_name="organisation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="créée par",
    )
    status = models.CharField(
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PREPARING,
        verbose_name="statut",
    )
    amount_requested = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name="montant demandé (€)"
    )
    amount_obtained = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name="montant obtenu (€)"
    )
    co_applicants = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name="co-candidats"
    )
    submitted_on = models.DateField(null=True, blank=True, verbose_name="déposée le")
    decided_on = models.DateField(null=True, blank=True, verbose_name="date de décision")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="mise à jour le")

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = "candidature"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="uniq_application_call_org"
            )
        ]
