"""The pure plan of the demo matchmaking history: deterministic, within six months before
`today`, and every planned move allowed by the pipeline's state machine."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage_core import demo_history_text as words
from maillage_core.demo_history import (
    CONTACT_DOMAIN,
    HISTORY_DAYS,
    MAX_COUNT,
    Action,
    Actor,
    HistoryInputs,
    HistoryPlan,
    Requester,
    plan_history,
)
from maillage_core.pipeline import TRANSITIONS, Event, State

TODAY = date(2026, 12, 8)
SECTORS = ("25", "10", "47", "49", "41", "86", "55", "01", "20", "69")
COMPANIES = tuple(
    Requester(key, f"Entreprise {key}-{n}", f"9{key}{n:05d}00000", "14118", "Caen")
    for key in SECTORS
    for n in range(3)
)
INPUTS = HistoryInputs(
    requesters=(
        *COMPANIES,
        Requester("public_body", "Mairie de Bayeux", "", "14047", "Bayeux"),
        Requester("public_body", "Communauté de communes du Bocage", "", "61001", "Alençon"),
    ),
    communes=(("14118", "Caen"), ("14047", "Bayeux"), ("76351", "Le Havre")),
)


def final_states(plan: HistoryPlan) -> dict[tuple[int, int], State]:
    """Replay the plan's events on a table of introductions, checking every move against
    TRANSITIONS and that events only touch introductions that were sent or re-routed."""
    states: dict[tuple[int, int], State] = {}
    for step in plan.steps:
        need = plan.needs[step.need]
        if step.action is Action.SEND:
            for slot in range(need.providers):
                states[(step.need, slot)] = State.SENT
        elif step.action is Action.REROUTE:
            assert (step.need, step.slot) not in states
            assert any(k[0] == step.need and s is State.EXPIRED for k, s in states.items()), (
                "a re-routing follows an expiry"
            )
            states[(step.need, step.slot)] = State.SENT
        elif step.action is Action.EVENT:
            assert step.event is not None
            key = (step.need, step.slot)
            assert key in states, f"event on an introduction never sent: {step}"
            assert (states[key], step.event) in TRANSITIONS, (states[key], step.event)
            states[key] = TRANSITIONS[(states[key], step.event)]
    return states


def test_same_inputs_same_plan_and_another_seed_another() -> None:
    a = plan_history(INPUTS, seed=42, today=TODAY)
    assert a == plan_history(INPUTS, seed=42, today=TODAY)
    assert a.fingerprint() == plan_history(INPUTS, seed=42, today=TODAY).fingerprint()
    b = plan_history(INPUTS, seed=7, today=TODAY)
    assert b.fingerprint() != a.fingerprint()
    # the order of the inputs does not matter
    shuffled = HistoryInputs(tuple(reversed(INPUTS.requesters)), INPUTS.communes[::-1])
    assert plan_history(shuffled, seed=42, today=TODAY) == a


def test_every_planned_move_is_allowed_and_every_state_is_reached() -> None:
    plan = plan_history(INPUTS, seed=42, today=TODAY)
    states = Counter(final_states(plan).values())
    for state in (
        State.SENT,
        State.REMINDED,
        State.DECLINED,
        State.EXPIRED,
        State.CONTRACT,
        State.SURVEYED,
        State.CLOSED,
    ):
        assert states[state] > 0, state
    assert states[State.ACCEPTED] + states[State.MEETING] + states[State.PROPOSAL] > 0
    events = Counter(s.event for s in plan.steps if s.event is not None)
    for event in (Event.ACCEPT, Event.DECLINE, Event.REMIND, Event.EXPIRE, Event.MEET):
        assert events[event] > 0, event
    for event in (Event.PROPOSE, Event.WIN, Event.LOSE, Event.SURVEY, Event.CLOSE):
        assert events[event] > 0, event
    assert sum(1 for s in plan.steps if s.action is Action.REROUTE) > 0
    scenarios = Counter(n.scenario for n in plan.needs)
    assert set(scenarios) == {"new", "qualified", "sent", "spam", "duplicate"}


def test_contracts_have_amounts_and_ratings_come_from_requesters() -> None:
    plan = plan_history(INPUTS, seed=42, today=TODAY)
    for step in plan.steps:
        if step.event is Event.WIN:
            assert step.amount is not None and step.amount > 0
        else:
            assert step.amount is None
        if step.event is Event.SURVEY:
            assert step.satisfaction in {1, 2, 3, 4, 5}
            assert step.actor is Actor.REQUESTER
            assert step.note.startswith("avis du demandeur")
        if step.event in {Event.REMIND, Event.EXPIRE}:
            assert step.actor is Actor.SYSTEM


def test_six_months_before_today_in_time_order_and_never_today() -> None:
    plan = plan_history(INPUTS, seed=42, today=TODAY)
    midnight = datetime(2026, 12, 8, tzinfo=UTC)
    times = [s.at for s in plan.steps]
    assert times == sorted(times)
    assert max(times) < midnight
    assert min(times) >= midnight - timedelta(days=HISTORY_DAYS)
    # each need starts with its submission, and nothing happens to it before
    first = {}
    for s in plan.steps:
        first.setdefault(s.need, s)
    assert all(s.action is Action.SUBMIT for s in first.values())
    assert len(first) == len(plan.needs)


def test_waiting_introductions_are_recent_ones() -> None:
    """What still waits for an answer at `today` was sent within the expiry delay (the
    follow-up job would otherwise expire it at once)."""
    plan = plan_history(INPUTS, seed=42, today=TODAY)
    states = final_states(plan)
    sent_at: dict[tuple[int, int], datetime] = {}
    for s in plan.steps:
        if s.action is Action.SEND:
            for slot in range(plan.needs[s.need].providers):
                sent_at[(s.need, slot)] = s.at
        if s.action is Action.REROUTE:
            sent_at[(s.need, s.slot)] = s.at
    midnight = datetime(2026, 12, 8, tzinfo=UTC)
    for key, state in states.items():
        if state in (State.SENT, State.REMINDED):
            assert midnight - sent_at[key] < timedelta(days=7)


def test_texts_are_varied_french_and_contacts_reserved() -> None:
    plan = plan_history(INPUTS, seed=42, today=TODAY)
    texts = [n.text for n in plan.needs]
    assert len(plan.needs) == MAX_COUNT + 2
    assert 40 <= MAX_COUNT <= 80
    assert len(set(texts)) == len(texts)
    assert all("{" not in t for t in texts)
    assert all(n.contact_email.endswith("@" + CONTACT_DOMAIN) for n in plan.needs)
    assert any("Mairie" in n.requester.name or "Mairie" in n.text for n in plan.needs)
    associations = [
        n for n in plan.needs if n.requester.key == "association" and n.scenario != "duplicate"
    ]
    assert len(associations) == sum(1 for k, _t in words.NEED_TEXTS if k == "association")
    assert all(n.requester.siret == "" for n in associations)
    festival = next(n for n in associations if "billetterie" in n.text)
    assert festival.requester.name == "Festival Les Estivales du bocage"
    duplicate = next(n for n in plan.needs if n.scenario == "duplicate")
    assert duplicate.duplicate_of is not None
    assert plan.needs[duplicate.duplicate_of].contact_email == duplicate.contact_email


def test_count_bounds() -> None:
    with pytest.raises(ValueError):
        plan_history(INPUTS, seed=1, today=TODAY, count=7)
    with pytest.raises(ValueError):
        plan_history(INPUTS, seed=1, today=TODAY, count=MAX_COUNT + 1)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(8, MAX_COUNT))
def test_any_seed_and_count_respects_the_state_machine(seed: int, count: int) -> None:
    plan = plan_history(INPUTS, seed=seed, today=TODAY, count=count)
    final_states(plan)
    assert len(plan.needs) == count + 2


def test_without_directory_requesters_everyone_comes_from_outside() -> None:
    plan = plan_history(HistoryInputs((), (("14118", "Caen"),)), seed=3, today=TODAY, count=10)
    assert all(n.requester.siret == "" for n in plan.needs)
    assert all(n.requester.name for n in plan.needs if n.scenario != "spam")
