"""Versioned ranking weights and the per-request context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    """Feature weights (score = Σ weight × feature value) and shape parameters.

    Stored with every suggestion (`version`), so a ranking can be explained later.
    """

    version: str = "2026-11-v1"
    text: float = 1.0
    domain: float = 3.0
    skill: float = 2.0
    distance: float = 1.5
    sovereignty: float = 0.6
    labels: float = 1.5
    size_fit: float = 0.4
    membership: float = 0.3
    outcomes: float = 0.6
    availability: float = 0.4
    kind: float = 2.5  # schools only for training needs, labs only for research needs
    sector: float = 0.5  # the provider says it serves the requester's sector
    response: float = 1.5  # on-call and fast, for an incident in progress only
    rotation: float = 0.3  # a penalty
    tau_km: float = 40.0  # distance decay exp(−d/τ)
    urgent_tau_km: float = 25.0  # tighter decay for an incident in progress
    rotation_band: float = 0.05  # "comparable": base scores within 5 % of the best
    exclude_at_capacity: bool = True
    capacity_penalty: float = 3.0  # used when exclude_at_capacity is False
    acceptance_prior: float = 0.5  # Bayesian smoothing priors and strengths
    acceptance_strength: float = 4.0
    contract_prior: float = 0.3
    contract_strength: float = 4.0
    satisfaction_prior: float = 3.5
    satisfaction_strength: float = 3.0

    def __post_init__(self) -> None:
        if self.tau_km <= 0 or self.urgent_tau_km <= 0:
            raise ValueError("tau_km and urgent_tau_km must be positive")
        if self.rotation_band < 0:
            raise ValueError("rotation_band must not be negative")
        if min(self.acceptance_strength, self.contract_strength, self.satisfaction_strength) <= 0:
            raise ValueError("smoothing strengths must be positive")


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class RankContext:
    """What the ranking needs beyond the profile and the candidates.

    `text_scores`: retrieval scores (e.g. BM25) by candidate id; missing ids score 0.
    `lat`/`lon`: override the profile's place (e.g. the requester's own address).
    """

    region_code: str = "28"
    region_name: str = "Normandie"
    country: str = "FR"
    text_scores: Mapping[str, float] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    requester_id: str | None = None
    requester_owner_ids: frozenset[str] = frozenset()
    excluded_ids: frozenset[str] = frozenset()
    limit: int | None = None
