"""The only way a view or the API gets a funding object a user asked for (404 if not allowed).

Published calls are public; calls to review or archived are seen by network staff only. Saved
searches belong to their user. An application is seen by the members of its organisation and
by network staff. Calendar feeds are reached by their secret token only.
"""

from __future__ import annotations

from django.http import Http404

from maillage.accounts import roles
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
