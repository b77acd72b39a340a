"""What the ranking engine ranks: `Candidate`, and the `Offer` protocol any catalogue adapts to.

Providers, training programmes and funding calls all become `Candidate`s (an adapter per
offer type implements `Offer.as_candidate`), so one engine ranks them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# INSEE "tranche d'effectif salarié" codes grouped into the classes size fit reasons about.
SIZE_BAND_CLASS: dict[str, str] = {
    "NN": "micro", "00": "micro", "01": "micro", "02": "micro", "03": "small",
    "11": "small", "12": "small", "21": "medium", "22": "medium",
    "31": "large", "32": "large", "41": "large", "42": "large", "51": "large",
    "52": "large", "53": "large",
}  # fmt: skip

EU_COUNTRIES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Outcomes:
    """Past introductions: answers, contracts and satisfaction (1–5) of rated ones."""

    accepted: int = 0
    declined: int = 0
    contracts: int = 0
    satisfaction_mean: float | None = None
    satisfaction_count: int = 0


@dataclass(frozen=True)
class Candidate:
    """One rankable offer. `skills` are analysed terms (see `tokens.phrase_terms`) of its
    skills, specialties and description; `domains` are catalogue domain slugs."""

    id: str
    name: str
    domains: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None
    commune_name: str = ""
    hq_region: str = ""  # INSEE region code of the head office, e.g. "28"
    hq_country: str = "FR"  # ISO 3166-1 alpha-2
    size_band: str = ""  # INSEE tranche code, "" when unknown
    is_member: bool = False
    kind: str = ""
    outcomes: Outcomes = field(default_factory=Outcomes)
    open_introductions: int = 0
    capacity: int | None = None  # None: no declared limit
    recent_exposures: int = 0  # times proposed during the rotation window
    owner_ids: frozenset[str] = frozenset()  # people/groups who own or run it
    conflict_ids: frozenset[str] = frozenset()  # organisations it declared a conflict with
    on_call: bool = False  # declared an on-call roster for cyber emergencies
    response_hours: float | None = None  # committed response time


class Offer(Protocol):
    """Anything the engine can rank: training programmes, funding calls, providers."""

    def as_candidate(self) -> Candidate: ...
