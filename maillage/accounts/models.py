"""Who belongs to which organisation, and the login-failure ledger for rate limiting."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.directory.models import Organisation


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "administrateur"
        MEMBER = "member", "membre"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="org_memberships",
        verbose_name="utilisateur",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="user_memberships",
        verbose_name="organisation",
    )
    role = models.CharField(
        max_length=10, choices=Role.choices, default=Role.MEMBER, verbose_name="rôle"
    )

    class Meta:
        verbose_name = "rattachement à une organisation"
        verbose_name_plural = "rattachements aux organisations"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="uniq_user_org")
        ]


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True, verbose_name="identifiant")
    at = models.DateTimeField(db_index=True, verbose_name="date")

    class Meta:
        verbose_name = "échec de connexion"
        verbose_name_plural = "échecs de connexion"
