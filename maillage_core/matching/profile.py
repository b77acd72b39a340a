"""What the analysis of a need produces: a structured profile with the evidence for each part."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from maillage_core.matching.places import PlaceMatch

SizeClass = Literal["independant", "tpe", "pme", "eti", "grande", "collectivite", "association"]


@dataclass(frozen=True)
class Weighted:
    """A domain slug or a skill label with its weight in (0, 1] and the words that triggered it."""

    key: str
    weight: float
    evidence: tuple[str, ...]
    terms: tuple[str, ...] = ()  # analysed terms of a skill label (empty for domains)


@dataclass(frozen=True)
class Sector:
    key: str  # "industrie", "sante", "collectivite", "commerce", …
    label: str  # French label for display
    evidence: str


@dataclass(frozen=True)
class SizeHint:
    size_class: SizeClass | None
    headcount: int | None
    evidence: str


@dataclass(frozen=True)
class UrgencySignal:
    level: Literal["incident"]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Budget:
    """Amounts in euros; `low == high` for a single amount."""

    low: int
    high: int
    evidence: str


@dataclass(frozen=True)
class TimeFrame:
    """A deadline as stated, kept relative (the core has no clock; the caller resolves it).

    `kind`: "month" (d'ici juin → month=6), "within" (sous 3 mois → days=90),
    "asap" (au plus vite), "year_end" (avant la fin de l'année).
    """

    kind: Literal["month", "within", "asap", "year_end"]
    evidence: str
    month: int | None = None
    days: int | None = None


@dataclass(frozen=True)
class LabelRequirement:
    """Any one of `labels` satisfies the requirement; `evidence` is why it is implied."""

    labels: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class NeedProfile:
    text: str
    domains: tuple[Weighted, ...]  # by decreasing weight, then key
    skills: tuple[Weighted, ...]
    place: PlaceMatch | None
    sector: Sector | None
    size: SizeHint | None
    urgency: UrgencySignal | None
    budget: Budget | None
    time_frame: TimeFrame | None
    required_labels: tuple[LabelRequirement, ...]
    terms: tuple[str, ...]  # all analysed terms, for retrieval
    truncated: bool = False

    def domain_weights(self) -> dict[str, float]:
        return {d.key: d.weight for d in self.domains}
