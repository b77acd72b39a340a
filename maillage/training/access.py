"""Access to training objects: programmes are public; pooling is for network staff only (404)."""

from __future__ import annotations

from django.http import Http404

from maillage.accounts import roles
from maillage.directory.models import Organisation
from maillage.training import selectors
from maillage.training.models import Programme


def access_programme_by_id(*, user: roles.AnyUser, programme_id: int) -> Programme:
    programme = selectors.programme_by_id(programme_id)
    if programme is None:
        raise Http404("formation inconnue")
    return programme


def access_own_organisation(*, user: roles.AnyUser, organisation_id: str) -> Organisation:
    """An organisation the user belongs to; 404 for any other id (or anonymous users)."""
    if not organisation_id.isdigit() or int(organisation_id) not in roles.organisation_ids(user):
        raise Http404("organisation inconnue")
    organisation = selectors.member_organisations({int(organisation_id)})
    if not organisation:
        raise Http404("organisation inconnue")
    return organisation[0]


def require_network_staff(*, user: roles.AnyUser) -> None:
    """Pooling shows which companies need what: staff only, others get a 404."""
    if not (user.is_authenticated and roles.is_network_staff(user)):
        raise Http404("page inconnue")
