"""The only way a view or the API gets a need or an introduction a user asked for.

- A need is visible to network staff, to the people of the requesting organisation and to the
  user who created it; a provider never sees a need through this gate (only through an
  introduction sent to it).
- An introduction (and the need it carries) is visible to network staff and to the people of
  the provider it was sent to — never to another provider.
- Not allowed → 404 (existence is not revealed). The e-mail token page asks anonymous visitors
  to sign in (`LoginNeeded`) without showing anything of the need.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.http import Http404

from maillage.accounts import roles
from maillage.matching.models import Introduction, Need

STATUS_SALT = "maillage.matching.need-status"
STATUS_MAX_AGE = timedelta(days=365)


class LoginNeeded(Exception):
    """The object exists but the visitor must sign in before anything is shown."""


def can_see_need(*, user: roles.AnyUser, need: Need) -> bool:
    if not user.is_authenticated:
        return False
    if roles.is_network_staff(user):
        return True
    if need.created_by_id is not None and need.created_by_id == user.pk:
        return True
    return need.organisation_id is not None and need.organisation_id in roles.organisation_ids(user)


def can_act_for_provider(*, user: roles.AnyUser, introduction: Introduction) -> bool:
    """Staff, or a member of the provider organisation the introduction was sent to."""
    if not user.is_authenticated:
        return False
    return roles.is_network_staff(user) or introduction.provider_id in roles.organisation_ids(user)


def access_need_by_id(*, user: roles.AnyUser, need_id: int) -> Need:
    """The need with its display relations, or 404."""
    need = (
        Need.objects.select_related(
            "organisation", "commune", "taken_by", "created_by", "profile_corrected_by"
        )
        .filter(pk=need_id)
        .first()
    )
    if need is None or not can_see_need(user=user, need=need):
        raise Http404("besoin inconnu")
    return need


def _introduction(**lookup: object) -> Introduction | None:
    return (
        Introduction.objects.select_related("need", "need__commune", "need__taken_by", "provider")
        .filter(**lookup)
        .first()
    )


def access_introduction_by_id(*, user: roles.AnyUser, introduction_id: int) -> Introduction:
    """An introduction for its provider's people or network staff, or 404."""
    introduction = _introduction(pk=introduction_id)
    if introduction is None or not can_act_for_provider(user=user, introduction=introduction):
        raise Http404("mise en relation inconnue")
    return introduction


def access_introduction_by_token(*, user: roles.AnyUser, token: str) -> Introduction:
    """The introduction behind an e-mail link. Unknown token → 404; anonymous → LoginNeeded;
    signed in but not a member of the provider (nor staff) → 404."""
    if not token or len(token) > 64:
        raise Http404("lien inconnu")
    introduction = _introduction(token=token)
    if introduction is None:
        raise Http404("lien inconnu")
    if not user.is_authenticated:
        raise LoginNeeded
    if not can_act_for_provider(user=user, introduction=introduction):
        raise Http404("lien inconnu")
    return introduction


def access_introduction_for_provider(*, user: roles.AnyUser, introduction_id: int) -> Introduction:
    """An introduction for the people of its provider only (the provider answers), or 404."""
    introduction = _introduction(pk=introduction_id)
    if (
        introduction is None
        or not user.is_authenticated
        or introduction.provider_id not in roles.organisation_ids(user)
    ):
        raise Http404("mise en relation inconnue")
    return introduction


def status_key(need: Need) -> str:
    """The secret part of the requester's status link (signed need id)."""
    return signing.dumps(need.pk, salt=STATUS_SALT, compress=True)


def access_need_by_status_key(*, key: str) -> Need:
    """The need behind a requester's status link (whoever holds the link), or 404."""
    try:
        need_id = signing.loads(key, salt=STATUS_SALT, max_age=STATUS_MAX_AGE)
    except signing.BadSignature:
        raise Http404("lien inconnu") from None
    if not isinstance(need_id, int):
        raise Http404("lien inconnu")
    need = Need.objects.select_related("taken_by", "commune").filter(pk=need_id).first()
    if need is None:
        raise Http404("lien inconnu")
    return need
