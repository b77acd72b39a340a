"""The introduction pipeline as an explicit state machine (pure: no I/O, no clock).

A need is sent to 2–3 providers; each (need, provider) pair is an *introduction* that moves
through the table below. Side effects (e-mails, re-routing) live in the Django services; this
module only says which moves are legal and which introductions are due for a reminder or expiry.

    sent ──remind──▶ reminded
    sent|reminded ──accept──▶ accepted ──meet──▶ meeting ──propose──▶ proposal
    proposal ──win──▶ contract ──survey──▶ surveyed ──close──▶ closed
    sent|reminded ──decline──▶ declined      (terminal)
    sent|reminded ──expire──▶ expired        (no answer: terminal, the need is re-routed)
    accepted|meeting|proposal ──lose──▶ lost ──survey──▶ surveyed
    any non-terminal ──withdraw──▶ withdrawn (staff cancel; terminal)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class State(StrEnum):
    SENT = "sent"
    REMINDED = "reminded"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    MEETING = "meeting"
    PROPOSAL = "proposal"
    CONTRACT = "contract"
    LOST = "lost"
    SURVEYED = "surveyed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    TAKEN = "taken"  # emergency broadcast: another responder accepted first


class Event(StrEnum):
    SEND = "send"  # creates an introduction in SENT; never a move between states
    REMIND = "remind"
    ACCEPT = "accept"
    DECLINE = "decline"
    EXPIRE = "expire"
    MEET = "meet"
    PROPOSE = "propose"
    WIN = "win"
    LOSE = "lose"
    SURVEY = "survey"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    TAKEN_BY_OTHER = "taken_by_other"


STATE_LABELS_FR: dict[State, str] = {
    State.SENT: "envoyée, en attente de réponse",
    State.REMINDED: "relancée",
    State.ACCEPTED: "acceptée",
    State.DECLINED: "déclinée",
    State.EXPIRED: "sans réponse (réorientée)",
    State.MEETING: "rendez-vous",
    State.PROPOSAL: "proposition remise",
    State.CONTRACT: "marché signé",
    State.LOST: "non retenue",
    State.SURVEYED: "satisfaction recueillie",
    State.CLOSED: "clôturée",
    State.WITHDRAWN: "retirée",
    State.TAKEN: "prise par un autre intervenant",
}

_WAITING = (State.SENT, State.REMINDED)
_ACTIVE = (State.ACCEPTED, State.MEETING, State.PROPOSAL)

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.SENT, Event.REMIND): State.REMINDED,
    **{(s, Event.ACCEPT): State.ACCEPTED for s in _WAITING},
    **{(s, Event.DECLINE): State.DECLINED for s in _WAITING},
    **{(s, Event.EXPIRE): State.EXPIRED for s in _WAITING},
    **{(s, Event.TAKEN_BY_OTHER): State.TAKEN for s in _WAITING},
    (State.ACCEPTED, Event.MEET): State.MEETING,
    (State.ACCEPTED, Event.PROPOSE): State.PROPOSAL,
    (State.MEETING, Event.PROPOSE): State.PROPOSAL,
    (State.PROPOSAL, Event.WIN): State.CONTRACT,
    **{(s, Event.LOSE): State.LOST for s in _ACTIVE},
    (State.CONTRACT, Event.SURVEY): State.SURVEYED,
    (State.LOST, Event.SURVEY): State.SURVEYED,
    (State.CONTRACT, Event.CLOSE): State.CLOSED,
    (State.LOST, Event.CLOSE): State.CLOSED,
    (State.SURVEYED, Event.CLOSE): State.CLOSED,
    **{(s, Event.WITHDRAW): State.WITHDRAWN for s in (*_WAITING, *_ACTIVE)},
}

TERMINAL: frozenset[State] = frozenset(
    s for s in State if not any(src == s for (src, _e) in TRANSITIONS)
)
OPEN_FOR_PROVIDER: frozenset[State] = frozenset((*_WAITING, *_ACTIVE))


class InvalidTransition(ValueError):
    def __init__(self, state: State, event: Event) -> None:
        super().__init__(f"cannot {event.value} an introduction in state {state.value}")
        self.state = state
        self.event = event


def transition(state: State, event: Event) -> State:
    """The state after `event`, or InvalidTransition when the move is not in the table."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise InvalidTransition(state, event) from None


def allowed_events(state: State) -> tuple[Event, ...]:
    return tuple(e for e in Event if (state, e) in TRANSITIONS)


@dataclass(frozen=True)
class Waiting:
    """An introduction waiting for the provider's answer."""

    id: int
    state: State
    sent_at: datetime


@dataclass(frozen=True)
class FollowUpPolicy:
    reminder_after: timedelta
    reroute_after: timedelta


def due_event(item: Waiting, *, now: datetime, policy: FollowUpPolicy) -> Event | None:
    """What the scheduler must do with an unanswered introduction at `now`.

    Expire (then re-route) once `reroute_after` has passed since sending; otherwise remind once
    after `reminder_after`. Answered introductions are never due.
    """
    if item.state not in _WAITING:
        return None
    age = now - item.sent_at
    if age >= policy.reroute_after:
        return Event.EXPIRE
    if item.state is State.SENT and age >= policy.reminder_after:
        return Event.REMIND
    return None
