"""The application state machine, as a pure transition table (side effects in `alerts`).

preparing → submitted → obtained (amount) | refused
preparing | submitted → abandoned
"""

from __future__ import annotations

from maillage.funding.models import ApplicationStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PREPARING: frozenset({S.SUBMITTED, S.ABANDONED}),
    S.SUBMITTED: frozenset({S.OBTAINED, S.REFUSED, S.ABANDONED}),
    S.OBTAINED: frozenset(),
    S.REFUSED: frozenset(),
    S.ABANDONED: frozenset(),
}


class TransitionError(ValueError):
    """A move the state machine does not allow; the message is French, shown as is."""


def allowed(current: str) -> list[str]:
    return sorted(TRANSITIONS.get(current, frozenset()))


def check_transition(current: str, target: str, *, amount_obtained: int | None = None) -> None:
    if target == current:
        return
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            f"passage impossible de « {S(current).label} » à « {S(target).label} »"
            if target in S.values
            else f"statut inconnu : {target}"
        )
    if target == S.OBTAINED and amount_obtained is None:
        raise TransitionError("indiquez le montant obtenu")
