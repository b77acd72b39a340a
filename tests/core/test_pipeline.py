from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.pipeline import (
    TERMINAL,
    TRANSITIONS,
    Event,
    FollowUpPolicy,
    InvalidTransition,
    State,
    Waiting,
    allowed_events,
    due_event,
    transition,
)

HAPPY_PATH = [
    (Event.ACCEPT, State.ACCEPTED),
    (Event.MEET, State.MEETING),
    (Event.PROPOSE, State.PROPOSAL),
    (Event.WIN, State.CONTRACT),
    (Event.SURVEY, State.SURVEYED),
    (Event.CLOSE, State.CLOSED),
]


def test_happy_path_to_contract_and_closure() -> None:
    state = State.SENT
    for event, expected in HAPPY_PATH:
        state = transition(state, event)
        assert state is expected


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (State.DECLINED, Event.ACCEPT),
        (State.EXPIRED, Event.ACCEPT),
        (State.SENT, Event.WIN),
        (State.CLOSED, Event.WITHDRAW),
        (State.REMINDED, Event.REMIND),
        (State.TAKEN, Event.ACCEPT),
        (State.CONTRACT, Event.LOSE),
    ],
)
def test_forbidden_transitions_raise(state: State, event: Event) -> None:
    with pytest.raises(InvalidTransition):
        transition(state, event)


@given(st.sampled_from(list(State)), st.sampled_from(list(Event)))
def test_table_is_the_only_truth(state: State, event: Event) -> None:
    if (state, event) in TRANSITIONS:
        assert transition(state, event) is TRANSITIONS[(state, event)]
        assert event in allowed_events(state)
    else:
        with pytest.raises(InvalidTransition):
            transition(state, event)


def test_terminal_states_have_no_way_out() -> None:
    assert {State.DECLINED, State.EXPIRED, State.CLOSED, State.WITHDRAWN, State.TAKEN} == set(
        TERMINAL
    )
    for state in TERMINAL:
        assert allowed_events(state) == ()


POLICY = FollowUpPolicy(reminder_after=timedelta(days=3), reroute_after=timedelta(days=7))
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "days", "expected"),
    [
        (State.SENT, 1, None),
        (State.SENT, 3, Event.REMIND),
        (State.REMINDED, 4, None),
        (State.REMINDED, 7, Event.EXPIRE),
        (State.SENT, 8, Event.EXPIRE),
        (State.ACCEPTED, 30, None),
    ],
)
def test_due_event_with_controlled_clock(state: State, days: int, expected: Event | None) -> None:
    item = Waiting(id=1, state=state, sent_at=T0)
    assert due_event(item, now=T0 + timedelta(days=days), policy=POLICY) == expected
