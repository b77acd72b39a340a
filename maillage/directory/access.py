"""The only way a view or the API gets a directory object a user asked for.

The directory itself is public (open Sirene data and what members chose to publish): every role
sees an active organisation. Closed establishments are kept for history and shown only to network
staff and the organisation's own members. Contacts are personal data: network staff and the
organisation's own members only. Not allowed → 404 (existence is not revealed).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from maillage.accounts import roles
from maillage.directory import selectors
from maillage.directory.models import Contact, Organisation


def _is_own(user: roles.AnyUser, organisation_id: int) -> bool:
    return organisation_id in roles.organisation_ids(user)


def can_see_contacts(*, user: roles.AnyUser, organisation: Organisation) -> bool:
    return roles.is_network_staff(user) or _is_own(user, organisation.pk)


def access_organisation_by_id(*, user: roles.AnyUser, organisation_id: int) -> Organisation:
    """The organisation with its display relations loaded, or 404."""
    organisation = selectors.organisation_detail(organisation_id)
    if organisation is None:
        raise Http404("organisation inconnue")
    if organisation.is_closed and not (
        roles.is_network_staff(user) or _is_own(user, organisation.pk)
    ):
        raise Http404("organisation inconnue")
    return organisation


def access_contacts(*, user: roles.AnyUser, organisation: Organisation) -> QuerySet[Contact]:
    """The organisation's contacts if the user may see them, else an empty queryset."""
    if not can_see_contacts(user=user, organisation=organisation):
        return Contact.objects.none()
    return Contact.objects.filter(organisation=organisation).order_by("last_name", "first_name")


def access_organisations_by_ids(*, user: roles.AnyUser, ids: list[int]) -> list[Organisation]:
    """Search hits → rows, in the given order; closed ones only for those allowed to see them."""
    rows = selectors.organisations_by_ids(ids)
    staff = roles.is_network_staff(user)
    own = roles.organisation_ids(user) if not staff else set()
    return [o for o in rows if not o.is_closed or staff or o.pk in own]
