"""Re-routing: when a provider never answered, the need goes to the next suggested candidate."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from maillage.matching.models import Need, NeedStatus, Suggestion
from maillage.matching.services import MAX_PROVIDERS_PER_NEED, introductions_send
from maillage_core.pipeline import State

_OPEN = [State.SENT, State.REMINDED, State.ACCEPTED, State.MEETING, State.PROPOSAL]


@transaction.atomic
def reroute_need(*, need: Need, now: datetime) -> bool:
    """Send the need to the best suggestion not yet contacted; False when none is left."""
    if need.status in {NeedStatus.CLOSED, NeedStatus.REJECTED} or need.is_emergency:
        return False
    if need.introductions.filter(state__in=_OPEN).count() >= MAX_PROVIDERS_PER_NEED:
        return False
    contacted = set(need.introductions.values_list("provider_id", flat=True))
    nxt = (
        Suggestion.objects.filter(need=need)
        .exclude(organisation_id__in=contacted)
        .select_related("organisation")
        .order_by("rank")
        .first()
    )
    if nxt is None:
        return False
    introductions_send(need=need, providers=[nxt.organisation], actor=None, now=now)
    return True
