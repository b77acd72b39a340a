"""Demo users, one per role, with fresh random passwords printed once by `maillage demo`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from maillage.accounts.models import OrganisationMembership
from maillage.directory.models import Organisation
from maillage_core.demo import DemoUser

# 18 URL-safe characters (~108 bits): above the 12-character minimum of the settings.
PASSWORD_BYTES = 14


@dataclass(frozen=True)
class Credential:
    username: str
    password: str
    role: str
    organisation: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "username": self.username,
            "password": self.password,
            "role": self.role,
            "organisation": self.organisation,
        }


def demo_users_sync(users: tuple[DemoUser, ...], *, org_ids: dict[str, int]) -> list[Credential]:
    """Create or update each demo user, reset its password, set its group and membership.

    Passwords come from `secrets` (never from the seed): the ecosystem is reproducible, the
    credentials of an installation are not guessable from it.
    """
    user_model = get_user_model()
    credentials: list[Credential] = []
    for spec in users:
        user, _ = user_model.objects.get_or_create(username=spec.username)
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        user.first_name = spec.first_name
        user.last_name = spec.last_name
        user.email = spec.email
        user.is_staff = spec.is_staff
        user.is_superuser = spec.is_superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        groups = [Group.objects.get_or_create(name=spec.group)[0]] if spec.group else []
        user.groups.set(groups)
        organisation = ""
        OrganisationMembership.objects.filter(user=user).delete()
        if spec.organisation_external_id and spec.organisation_external_id in org_ids:
            OrganisationMembership.objects.create(
                user=user,
                organisation_id=org_ids[spec.organisation_external_id],
                role=OrganisationMembership.Role.ADMIN,
            )
            organisation = (
                Organisation.objects.filter(id=org_ids[spec.organisation_external_id])
                .values_list("name", flat=True)
                .get()
            )
        role = "superuser" if spec.is_superuser else spec.group or "member"
        credentials.append(Credential(spec.username, password, role, organisation))
    return credentials
