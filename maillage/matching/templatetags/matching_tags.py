"""Template filters for the matchmaking pages: French labels of pipeline states and events."""

from __future__ import annotations

from django import template

from maillage_core.pipeline import STATE_LABELS_FR, State

register = template.Library()

EVENT_PAST_FR = {
    "send": "envoyée",
    "remind": "relance envoyée",
    "accept": "acceptée",
    "decline": "déclinée",
    "expire": "sans réponse, réorientée",
    "meet": "rendez-vous tenu",
    "propose": "proposition remise",
    "win": "marché signé",
    "lose": "non retenue",
    "survey": "satisfaction recueillie",
    "close": "clôturée",
    "withdraw": "retirée",
    "taken_by_other": "prise par un autre intervenant",
}


@register.filter
def state_label(value: str) -> str:
    try:
        return STATE_LABELS_FR[State(value)]
    except ValueError:
        return value


@register.filter
def event_label(value: str) -> str:
    return EVENT_PAST_FR.get(value, value)
