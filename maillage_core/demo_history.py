"""The demo's six-month matchmaking history, planned as pure data (no Django, no clock).

`plan_history(inputs, seed=42, today=…, count=…)` decides which requester states which need in
which words, when staff qualify and send it, and what happens to every introduction on which
day: provider answers (accept, decline, silence → reminder → expiry → re-routing), meetings,
proposals, contracts with their amount, lost deals, the requester's rating with a comment,
closing. The Django side (`maillage.common.demo.history`) replays the steps, in time order,
through the real services, so the state machine and the outbox see an ordinary history.

Deterministic: need *i* draws from its own `random.Random(f"{seed}:history:{i}")`, the text
order from `random.Random(f"{seed}:history")`. Every planned introduction event is checked
against `maillage_core.pipeline.TRANSITIONS` while planning. No step falls on `today` or later
(the plan ends the evening before), so a replay never writes a date in the future; a path
that would continue past that point simply stops there, which is what leaves needs and
introductions in every intermediate state.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from maillage_core import demo_history_text as words
from maillage_core.demo_text import FIRST_NAMES, LAST_NAMES, ascii_slug, at_place, of_place
from maillage_core.pipeline import Event, State, transition

HISTORY_DAYS = 182
# The e-mail domain that marks the history's needs (reset and re-run key on it).
CONTACT_DOMAIN = "demo-historique.exemple.test"
# Needs the generated texts can cover, before the spam and the duplicate that are added.
MAX_COUNT = len(words.NEED_TEXTS)


class Action(StrEnum):
    SUBMIT = "submit"  # the requester states the need (intake)
    QUALIFY = "qualify"  # staff read it and mark it qualified
    SEND = "send"  # staff compute suggestions and send to the first `providers` of them
    EVENT = "event"  # one pipeline event on one introduction
    REROUTE = "reroute"  # after an expiry: the next suggestion gets the need


class Actor(StrEnum):
    REQUESTER = "requester"
    STAFF = "staff"
    PROVIDER = "provider"
    SYSTEM = "system"  # the hourly follow-up job


@dataclass(frozen=True)
class Requester:
    """Who may state a need: `key` says which texts fit (a NAF division, `public_body`,
    `association`); `siret` is empty for a requester outside the directory."""

    key: str
    name: str
    siret: str
    commune_insee: str
    commune_name: str


@dataclass(frozen=True)
class HistoryInputs:
    requesters: tuple[Requester, ...]
    communes: tuple[tuple[str, str], ...]  # (INSEE, name) for requesters outside the directory


@dataclass(frozen=True)
class PlannedNeed:
    number: int
    requester: Requester
    text: str
    contact_name: str
    contact_email: str
    scenario: str  # new, qualified, sent, spam, duplicate
    providers: int  # how many suggestions staff send it to at first (0: not sent)
    duplicate_of: int | None = None  # the earlier need's number


@dataclass(frozen=True)
class Step:
    at: datetime
    need: int  # PlannedNeed.number
    action: Action
    actor: Actor
    slot: int = -1  # the introduction, in sending order (0…); for REROUTE the slot it creates
    event: Event | None = None
    amount: Decimal | None = None
    satisfaction: int | None = None
    note: str = ""


@dataclass(frozen=True)
class HistoryPlan:
    seed: int
    today: date
    needs: tuple[PlannedNeed, ...]
    steps: tuple[Step, ...]  # in time order (ties: need number, then planned order)

    def fingerprint(self) -> str:
        """A short stable key of the plan, to tell whether a stored history is this one."""
        import hashlib

        h = hashlib.sha256()
        for n in self.needs:
            h.update(f"{n.number}|{n.requester.siret}|{n.requester.name}|{n.text}\n".encode())
        for s in self.steps:
            h.update(f"{s.at.isoformat()}|{s.need}|{s.action}|{s.slot}|{s.event}\n".encode())
        return h.hexdigest()[:16]


# --- planning ------------------------------------------------------------------------------


class _Clock:
    """Collects one need's steps; anything at or after `end` is dropped (it has not happened)."""

    def __init__(self, need: int, end: datetime) -> None:
        self.need = need
        self.end = end
        self.steps: list[tuple[datetime, int, Step]] = []

    def add(self, step: Step) -> bool:
        if step.at >= self.end:
            return False
        self.steps.append((step.at, len(self.steps), step))
        return True


def _working_time(rng: random.Random, day: date) -> datetime:
    minutes = rng.randrange(8 * 60, 18 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UTC)


def _later(rng: random.Random, t: datetime, low_hours: float, high_hours: float) -> datetime:
    return t + timedelta(minutes=round(rng.uniform(low_hours, high_hours) * 60))


def _amount(rng: random.Random, key: str) -> Decimal:
    low, high = {
        "association": (1_200, 9_000),
        "public_body": (4_000, 38_000),
        "47": (1_500, 14_000),
        "01": (1_500, 12_000),
        "55": (2_000, 18_000),
        "41": (2_500, 22_000),
    }.get(key, (6_000, 65_000))
    return Decimal(round(rng.uniform(low, high) / 50) * 50)


def _rating(rng: random.Random, *, won: bool) -> int:
    if won:
        return rng.choices((5, 4, 3, 2, 1), weights=(45, 35, 12, 6, 2))[0]
    return rng.choices((4, 3, 2), weights=(30, 45, 25))[0]


class _Introduction:
    """Plans the events of one introduction, checking each against the state machine."""

    def __init__(self, clock: _Clock, slot: int) -> None:
        self.clock = clock
        self.slot = slot
        self.state = State.SENT
        self.alive = True

    def event(
        self,
        at: datetime,
        event: Event,
        actor: Actor,
        *,
        amount: Decimal | None = None,
        satisfaction: int | None = None,
        note: str = "",
    ) -> bool:
        if not self.alive:
            return False
        target = transition(self.state, event)  # InvalidTransition: a bug in this plan
        step = Step(
            at, self.clock.need, Action.EVENT, actor, self.slot, event, amount, satisfaction, note
        )
        if not self.clock.add(step):
            self.alive = False  # not happened yet: the path stops here
            return False
        self.state = target
        return True


@dataclass
class _NeedPlanner:
    rng: random.Random
    clock: _Clock
    key: str
    reminder_days: int
    reroute_days: int
    slots: int = 0

    def new_slot(self) -> _Introduction:
        intro = _Introduction(self.clock, self.slots)
        self.slots += 1
        return intro

    def decline(self, intro: _Introduction, sent: datetime) -> None:
        note = self.rng.choice(words.DECLINE_NOTES)
        intro.event(_later(self.rng, sent, 3, 72), Event.DECLINE, Actor.PROVIDER, note=note)

    def silent(self, intro: _Introduction, sent: datetime) -> datetime | None:
        """No answer: reminded, then expired and re-routed; returns the re-routing time."""
        remind_at = _later(self.rng, sent, 24 * self.reminder_days, 24 * self.reminder_days + 1)
        expire_at = _later(self.rng, sent, 24 * self.reroute_days, 24 * self.reroute_days + 1)
        if not intro.event(remind_at, Event.REMIND, Actor.SYSTEM, note="automatique"):
            return None
        if not intro.event(expire_at, Event.EXPIRE, Actor.SYSTEM, note="automatique"):
            return None
        return expire_at

    def reroute(self, at: datetime) -> tuple[_Introduction, datetime] | None:
        intro = self.new_slot()
        at = at + timedelta(minutes=1)
        if not self.clock.add(Step(at, self.clock.need, Action.REROUTE, Actor.SYSTEM, intro.slot)):
            return None
        return intro, at

    def win_path(self, intro: _Introduction, sent: datetime) -> datetime | None:
        """Accept, meet, propose, win; the requester rates it; staff close it. Returns the
        signing time (when the competitors hear they lost), or None if not reached."""
        rng = self.rng
        t = _later(rng, sent, 2, 48)
        if not intro.event(t, Event.ACCEPT, Actor.PROVIDER):
            return None
        t = _later(rng, t, 3 * 24, 12 * 24)
        if not intro.event(t, Event.MEET, Actor.PROVIDER, note=rng.choice(words.MEETING_NOTES)):
            return None
        t = _later(rng, t, 5 * 24, 15 * 24)
        note = rng.choice(words.PROPOSAL_NOTES)
        if not intro.event(t, Event.PROPOSE, Actor.PROVIDER, note=note):
            return None
        t = _later(rng, t, 7 * 24, 25 * 24)
        amount = _amount(rng, self.key)
        if not intro.event(t, Event.WIN, Actor.PROVIDER, amount=amount, note="Bon de commande"):
            return None
        signed = t
        if rng.random() < 0.85:
            t = _later(rng, t, 10 * 24, 35 * 24)
            grade = _rating(rng, won=True)
            if (
                intro.event(
                    t, Event.SURVEY, Actor.REQUESTER, satisfaction=grade, note=self._review(grade)
                )
                and rng.random() < 0.7
            ):
                intro.event(_later(rng, t, 24, 7 * 24), Event.CLOSE, Actor.STAFF)
        return signed

    def lose_path(self, intro: _Introduction, sent: datetime, *, until: datetime | None) -> None:
        """Accept, maybe meet and propose, then lose (to a competitor at `until`, or the
        project is dropped); sometimes rated; closed by staff."""
        rng = self.rng
        t = _later(rng, sent, 2, 60)
        if not intro.event(t, Event.ACCEPT, Actor.PROVIDER):
            return
        if rng.random() < 0.7:
            t = _later(rng, t, 3 * 24, 14 * 24)
            if not intro.event(t, Event.MEET, Actor.PROVIDER, note=rng.choice(words.MEETING_NOTES)):
                return
            t = _later(rng, t, 5 * 24, 15 * 24)
            if not intro.event(
                t, Event.PROPOSE, Actor.PROVIDER, note=rng.choice(words.PROPOSAL_NOTES)
            ):
                return
        lose_at = max(_later(rng, t, 5 * 24, 20 * 24), _later(rng, until, 2, 48) if until else t)
        if not intro.event(lose_at, Event.LOSE, Actor.PROVIDER, note=rng.choice(words.LOSE_NOTES)):
            return
        t = lose_at
        if rng.random() < 0.5:
            t = _later(rng, t, 5 * 24, 20 * 24)
            grade = _rating(rng, won=False)
            if not intro.event(
                t, Event.SURVEY, Actor.REQUESTER, satisfaction=grade, note=self._review(grade)
            ):
                return
        intro.event(_later(rng, t, 24, 6 * 24), Event.CLOSE, Actor.STAFF)

    def _review(self, grade: int) -> str:
        if self.rng.random() < 0.2:
            return "avis du demandeur"
        return f"avis du demandeur : {self.rng.choice(words.REVIEWS[grade])}"


def _contact(rng: random.Random, number: int) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{ascii_slug(first)}.{ascii_slug(last)}.{number}@{CONTACT_DOMAIN}"
    return f"{first} {last}", email


def _ages(n: int) -> list[int]:
    """Days before today of the sent needs, oldest first: denser in recent weeks (the network
    gets known), from 180 days down to 5."""
    if n == 1:
        return [30]
    return [5 + round(175 * ((n - 1 - j) / (n - 1)) ** 1.4) for j in range(n)]


def _fill(template: str, commune: str) -> str:
    return template.format(a_commune=at_place(commune), de_commune=of_place(commune))


def _requesters(
    inputs: HistoryInputs, chosen: Sequence[tuple[str, str]], seed: int
) -> list[tuple[Requester, str]]:
    """A requester for each (key, text): a directory organisation of that key not used yet
    (else any company for a company sector), or one outside the directory."""
    rng = random.Random(f"{seed}:history:requesters")
    by_key: dict[str, list[Requester]] = {}
    for r in sorted(inputs.requesters, key=lambda r: (r.key, r.siret, r.name)):
        by_key.setdefault(r.key, []).append(r)
    for pool in by_key.values():
        rng.shuffle(pool)
    companies = [r for k, pool in sorted(by_key.items()) for r in pool if k[:1].isdigit()]
    rng.shuffle(companies)
    communes = sorted(inputs.communes) or [("", "")]
    used: set[tuple[str, str]] = set()
    associations = [t for k, t in words.NEED_TEXTS if k == "association"]
    out: list[tuple[Requester, str]] = []
    for key, text in chosen:
        pool = [r for r in by_key.get(key, []) if (r.siret, r.name) not in used]
        if not pool and key[:1].isdigit():
            pool = [r for r in companies if (r.siret, r.name) not in used]
        if pool and key != "association":
            requester = pool[0]
            used.add((requester.siret, requester.name))
        else:
            insee, commune = rng.choice(communes)
            if key == "association":
                # each association's own name, in the order of their texts
                position = associations.index(text) if text in associations else 0
                names = words.ASSOCIATION_NAMES
                name = _fill(names[position % len(names)], commune)
            else:
                name = _fill(words.OUTSIDE_NAMES.get(key, "Entreprise {de_commune}"), commune)
            requester = Requester(key, name, "", insee, commune)
        out.append((requester, _fill(text, requester.commune_name or "Normandie")))
    return out


def plan_history(
    inputs: HistoryInputs,
    *,
    seed: int,
    today: date,
    count: int = MAX_COUNT,
    reminder_days: int = 3,
    reroute_days: int = 7,
) -> HistoryPlan:
    """The six months before `today`: `count` needs (≤ MAX_COUNT, ≥ 8) plus one spam message
    and one duplicate, and every step of their pipeline, in time order."""
    if not 8 <= count <= MAX_COUNT:
        raise ValueError(f"count must be between 8 and {MAX_COUNT}")
    order = list(words.NEED_TEXTS)
    random.Random(f"{seed}:history").shuffle(order)
    placed = _requesters(inputs, order[:count], seed)
    end = datetime.combine(today, time(0, 0), tzinfo=UTC)
    n_new, n_qualified = 3, 3
    n_sent = count - n_new - n_qualified
    ages = [*_ages(n_sent), 4, 3, 2, 2, 1, 1]  # then the qualified, then the new
    # the need outcomes, spread evenly over time, then shuffled within the sent needs
    outcome_rng = random.Random(f"{seed}:history:outcomes")
    outcomes = ["win", "win", "win", "win", "lose", "lose", "reroute_win", "win", "nobody"]
    sent_outcomes = [outcomes[i % len(outcomes)] for i in range(n_sent)]
    outcome_rng.shuffle(sent_outcomes)
    needs: list[PlannedNeed] = []
    steps: list[tuple[datetime, int, int, Step]] = []
    for i, ((requester, text), age) in enumerate(zip(placed, ages, strict=True)):
        rng = random.Random(f"{seed}:history:{i}")
        clock = _Clock(i, end)
        submitted = _working_time(rng, today - timedelta(days=age))
        name, email = _contact(rng, i)
        if i >= n_sent + n_new:
            scenario, providers = "new", 0
        elif i >= n_sent:
            scenario, providers = "qualified", 0
        else:
            scenario, providers = "sent", rng.choice((2, 3, 3))
        needs.append(PlannedNeed(i, requester, text, name, email, scenario, providers))
        clock.add(Step(submitted, i, Action.SUBMIT, Actor.REQUESTER))
        if scenario != "new":
            qualified = _later(rng, submitted, 1, 20)
            clock.add(Step(qualified, i, Action.QUALIFY, Actor.STAFF))
            if scenario == "sent":
                sent = _later(rng, qualified, 1, 6)
                if clock.add(Step(sent, i, Action.SEND, Actor.STAFF)):
                    planner = _NeedPlanner(rng, clock, requester.key, reminder_days, reroute_days)
                    _plan_introductions(planner, sent, providers, sent_outcomes[i])
        for at, order_in_need, step in clock.steps:
            steps.append((at, i, order_in_need, step))
    needs, steps = _extras(needs, steps, seed=seed, today=today, inputs=inputs)
    steps.sort(key=lambda s: (s[0], s[1], s[2]))
    return HistoryPlan(seed, today, tuple(needs), tuple(s[3] for s in steps))


def _plan_introductions(planner: _NeedPlanner, sent: datetime, n: int, outcome: str) -> None:
    """The fate of each introduction sent at `sent`, given the need's outcome."""
    rng = planner.rng
    intros = [planner.new_slot() for _ in range(n)]
    lead = rng.randrange(n)
    signed: datetime | None = None
    if outcome == "win":
        signed = planner.win_path(intros[lead], sent)
    elif outcome == "lose":
        planner.lose_path(intros[lead], sent, until=None)
    elif outcome == "reroute_win":
        rerouted_at = planner.silent(intros[lead], sent)
        if rerouted_at is not None:
            got = planner.reroute(rerouted_at)
            if got is not None:
                signed = planner.win_path(*got)
    else:  # nobody: everyone declines or stays silent, the re-routed ones decline too
        lead = -1
    for k, intro in enumerate(intros):
        if k == lead:
            continue
        fate = rng.choices(("decline", "silent", "competitor"), weights=(55, 22, 23))[0]
        if outcome == "nobody":
            fate = "decline" if fate == "competitor" else fate
        if fate == "decline":
            planner.decline(intro, sent)
        elif fate == "silent":
            rerouted_at = planner.silent(intro, sent)
            got = planner.reroute(rerouted_at) if rerouted_at is not None else None
            if got is not None:
                nxt, nxt_sent = got
                if outcome == "nobody" or rng.random() < 0.6:
                    planner.decline(nxt, nxt_sent)
                else:
                    planner.lose_path(nxt, nxt_sent, until=signed)
        else:
            planner.lose_path(intro, sent, until=signed)


def _extras(
    needs: list[PlannedNeed],
    steps: list[tuple[datetime, int, int, Step]],
    *,
    seed: int,
    today: date,
    inputs: HistoryInputs,
) -> tuple[list[PlannedNeed], list[tuple[datetime, int, int, Step]]]:
    """A spam message (rejected by intake) and a requester writing again (a duplicate)."""
    rng = random.Random(f"{seed}:history:extras")
    number = len(needs)
    communes = sorted(inputs.communes) or [("", "")]
    insee, commune = rng.choice(communes)
    name, email = _contact(rng, number)
    spammer = Requester("spam", "", "", insee, commune)
    needs.append(PlannedNeed(number, spammer, words.SPAM_TEXT, name, email, "spam", 0))
    at = _working_time(rng, today - timedelta(days=12))
    steps.append((at, number, 0, Step(at, number, Action.SUBMIT, Actor.REQUESTER)))
    # the duplicate: the most recent sent need's requester writes again two days later
    first = max(
        (n for n in needs if n.scenario == "sent"),
        key=lambda n: next(s[0] for s in steps if s[1] == n.number),
    )
    first_at = next(s[0] for s in steps if s[1] == first.number)
    again = min(
        first_at + timedelta(days=2), datetime.combine(today, time(0), UTC) - timedelta(hours=3)
    )
    number += 1
    text = words.DUPLICATE_PREFIX + first.text[:1].lower() + first.text[1:]
    needs.append(
        PlannedNeed(
            number, first.requester, text, first.contact_name, first.contact_email,
            "duplicate", 0, duplicate_of=first.number,
        )
    )  # fmt: skip
    steps.append((again, number, 0, Step(again, number, Action.SUBMIT, Actor.REQUESTER)))
    return needs, steps
