"""The only way a view or the API gets a funding object a user asked for (404 if not allowed).

Published calls are public; calls to review or archived are seen by network staff only. Saved
searches belong to their user. An application is seen by the members of its organisation and
by network staff. Calendar feeds are reached by their secret token only.
"""

from __future__ import annotations

from django.http import Http404

from maillage.accounts import roles
from maillage.directory.models import Organisation
from maillage.funding.models import (
    Application,
    CallStatus,
    FundingCall,
    ReviewItem,
    SavedSearch,
    UserCalendar,
)
from maillage.funding.selectors import call_detail


def access_call_by_id(*, user: roles.AnyUser, call_id: int) -> FundingCall:
    call = call_detail(call_id)
    if call is None or (call.status != CallStatus.PUBLISHED and not roles.is_network_staff(user)):
        raise Http404("appel inconnu")
    return call


def access_search_by_id(*, user: roles.AnyUser, search_id: int) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=search_id, user_id=user.pk or 0).first()
    if search is None or not user.is_authenticated:
        raise Http404("recherche inconnue")
    return search


def access_search_by_ics_token(*, token: str) -> SavedSearch:
    search = SavedSearch.objects.filter(ics_token=token, unsubscribed_at__isnull=True).first()
    if search is None or not token:
        raise Http404("calendrier inconnu")
    return search


def access_user_calendar_by_token(*, token: str) -> UserCalendar:
    calendar = UserCalendar.objects.filter(token=token).first()
    if calendar is None or not token:
        raise Http404("calendrier inconnu")
    return calendar


def access_application_by_id(*, user: roles.AnyUser, application_id: int) -> Application:
    application = (
        Application.objects.select_related("call", "organisation").filter(pk=application_id).first()
    )
    if application is None or not (
        roles.is_network_staff(user) or application.organisation_id in roles.organisation_ids(user)
    ):
        raise Http404("candidature inconnue")
    return application


def access_review_item_by_id(*, user: roles.AnyUser, item_id: int) -> ReviewItem:
    item = ReviewItem.objects.select_related("call").filter(pk=item_id).first()
    if item is None or not roles.is_network_staff(user):
        raise Http404("élément inconnu")
    return item


def require_network_staff(user: roles.AnyUser) -> None:
    if not roles.is_network_staff(user):
        raise Http404("page inconnue")


def access_search_by_unsubscribe_token(*, token: str) -> SavedSearch:
    search = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if search is None or not token:
        raise Http404("lien inconnu")
    return search


def access_user_calendar(*, user: roles.AnyUser) -> UserCalendar:
    """The signed-in user's calendar token (created on first use)."""
    if not user.is_authenticated:
        raise Http404("calendrier inconnu")
    calendar, _ = UserCalendar.objects.get_or_create(user_id=user.pk)
    return calendar


def access_own_organisation_by_id(*, user: roles.AnyUser, organisation_id: int) -> Organisation:
    """One of the user's own organisations, or 404."""
    if organisation_id not in roles.organisation_ids(user):
        raise Http404("organisation inconnue")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("organisation inconnue")
    return organisation
