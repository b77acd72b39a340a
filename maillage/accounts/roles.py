"""The platform's roles, as Django groups, and the predicates every access helper uses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

NETWORK_STAFF = "network_staff"  # chargé·e de mission
PROGRAMME_STAFF = "programme_staff"  # employment-inclusion programme staff
PARTNER = "partner"  # Region, public employment service, OPCO: aggregates only

ALL_GROUPS = (NETWORK_STAFF, PROGRAMME_STAFF, PARTNER)

AnyUser = AbstractBaseUser | AnonymousUser


def _in_group(user: AnyUser, group: str) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    # AbstractBaseUser lacks `groups`; our users are always auth.User (PermissionsMixin).
    return bool(user.groups.filter(name=group).exists())  # type: ignore[attr-defined]


def is_network_staff(user: AnyUser) -> bool:
    return _in_group(user, NETWORK_STAFF)


def is_programme_staff(user: AnyUser) -> bool:
    return _in_group(user, PROGRAMME_STAFF)


def is_partner(user: AnyUser) -> bool:
    return _in_group(user, PARTNER)


def organisation_ids(user: AnyUser) -> set[int]:
    """Ids of the organisations the user belongs to (empty for anonymous)."""
    if not user.is_authenticated:
        return set()
    from maillage.accounts.models import OrganisationMembership

    return set(
        OrganisationMembership.objects.filter(user_id=user.pk).values_list(
            "organisation_id", flat=True
        )
    )
