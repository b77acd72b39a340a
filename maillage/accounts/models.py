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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="user_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="uniq_user_org")
        ]


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True)
