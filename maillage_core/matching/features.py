"""Ranking features: pure functions of (profile, candidate, context), each in [0, 1].

The score is their weighted sum (see `rank.py`); keeping each feature in [0, 1] makes the
weights comparable and the per-feature contributions readable.
"""

from __future__ import annotations

import math
from functools import lru_cache

from maillage_core.geo import Point, haversine_km
from maillage_core.matching.candidate import EU_COUNTRIES, SIZE_BAND_CLASS, Candidate
from maillage_core.matching.lexicon import SECTOR_TERMS, domain_affinity
from maillage_core.matching.profile import NeedProfile
from maillage_core.matching.tokens import phrase_terms
from maillage_core.matching.weights import RankContext, Weights

TRAINING_KINDS = frozenset({"training_body", "school"})
RESEARCH_KINDS = frozenset({"lab"})
RESPONSE_SCALE_HOURS = 4.0


def domain_match(profile: NeedProfile, cand: Candidate) -> float:
    """Taxonomy-aware domain overlap: Σ_d w_d · max_o affinity(d, o) / Σ_d w_d,
    with affinity 1 for the same domain and a partial credit for related ones."""
    total = sum(d.weight for d in profile.domains)
    if total == 0 or not cand.domains:
        return 0.0
    got = sum(
        d.weight * max(domain_affinity(d.key, o) for o in cand.domains) for d in profile.domains
    )
    return got / total


def matched_skills(profile: NeedProfile, cand: Candidate) -> list[str]:
    """Skills of the need whose analysed terms all appear in the candidate's terms."""
    return [s.key for s in profile.skills if s.terms and set(s.terms) <= cand.skills]


def skill_match(profile: NeedProfile, cand: Candidate) -> float:
    """Σ_s w_s · |T_s ∩ C| / |T_s|  /  Σ_s w_s, with T_s the terms of skill s and C the
    candidate's terms (partial credit for a partly matched multi-word skill)."""
    skills = [s for s in profile.skills if s.terms]
    total = sum(s.weight for s in skills)
    if total == 0:
        return 0.0
    got = sum(s.weight * len(set(s.terms) & cand.skills) / len(set(s.terms)) for s in skills)
    return got / total


def need_point(profile: NeedProfile, ctx: RankContext) -> Point | None:
    if ctx.lat is not None and ctx.lon is not None:
        return Point(ctx.lat, ctx.lon)
    if (
        profile.place is not None
        and profile.place.lat is not None
        and profile.place.lon is not None
    ):
        return Point(profile.place.lat, profile.place.lon)
    return None


def distance_km(origin: Point | None, cand: Candidate) -> float | None:
    if origin is None or cand.lat is None or cand.lon is None:
        return None
    return haversine_km(origin, Point(cand.lat, cand.lon))


def distance_decay(d_km: float | None, tau_km: float) -> float:
    """exp(−d/τ): 1 on the spot, 1/e at τ km, strictly decreasing; 0 when unknown."""
    if d_km is None:
        return 0.0
    return math.exp(-max(0.0, d_km) / tau_km)


def sovereignty(cand: Candidate, ctx: RankContext) -> float:
    """Head office in the region 1 > France 0.6 > EU 0.3 > elsewhere 0."""
    if cand.hq_country == ctx.country and cand.hq_region == ctx.region_code:
        return 1.0
    if cand.hq_country == ctx.country:
        return 0.6
    if cand.hq_country in EU_COUNTRIES:
        return 0.3
    return 0.0


def labels_met(profile: NeedProfile, cand: Candidate) -> float:
    """Share of the need's label requirements (each any-of) the candidate satisfies."""
    reqs = profile.required_labels
    if not reqs:
        return 0.0
    return sum(1 for r in reqs if cand.labels & set(r.labels)) / len(reqs)


# fit[need size class][provider size class]
_SIZE_FIT: dict[str, dict[str, float]] = {
    "independant": {"micro": 1.0, "small": 0.8, "medium": 0.5, "large": 0.3},
    "tpe": {"micro": 1.0, "small": 1.0, "medium": 0.6, "large": 0.3},
    "pme": {"micro": 0.6, "small": 1.0, "medium": 1.0, "large": 0.6},
    "association": {"micro": 1.0, "small": 1.0, "medium": 0.6, "large": 0.3},
    "collectivite": {"micro": 0.6, "small": 1.0, "medium": 1.0, "large": 0.8},
    "eti": {"micro": 0.2, "small": 0.6, "medium": 1.0, "large": 1.0},
    "grande": {"micro": 0.1, "small": 0.4, "medium": 0.8, "large": 1.0},
}
NEUTRAL_SIZE_FIT = 0.5


def size_fit(profile: NeedProfile, cand: Candidate) -> float:
    """How well the provider's size suits the requester's; 0.5 when either is unknown."""
    need = profile.size.size_class if profile.size else None
    offered = SIZE_BAND_CLASS.get(cand.size_band)
    if need is None or offered is None:
        return NEUTRAL_SIZE_FIT
    return _SIZE_FIT[need][offered]


def smoothed_rate(successes: float, trials: float, prior: float, strength: float) -> float:
    """Bayesian (Beta-prior) smoothing: (k + m·p₀) / (n + m)."""
    return (successes + strength * prior) / (trials + strength)


def outcomes(cand: Candidate, w: Weights) -> float:
    """Mean of smoothed acceptance rate, contract rate among accepted, and satisfaction
    rescaled from 1–5 to 0–1; a candidate with no history gets the priors."""
    o = cand.outcomes
    acc = smoothed_rate(
        o.accepted, o.accepted + o.declined, w.acceptance_prior, w.acceptance_strength
    )
    con = smoothed_rate(o.contracts, o.accepted, w.contract_prior, w.contract_strength)
    mean = o.satisfaction_mean if o.satisfaction_mean is not None else w.satisfaction_prior
    n = o.satisfaction_count if o.satisfaction_mean is not None else 0
    sat = smoothed_rate(mean * n, n, w.satisfaction_prior, w.satisfaction_strength)
    return (acc + con + (min(5.0, max(1.0, sat)) - 1.0) / 4.0) / 3.0


def at_capacity(cand: Candidate) -> bool:
    return cand.capacity is not None and cand.open_introductions >= cand.capacity


def availability(cand: Candidate) -> float:
    """1 − open/capacity (1 when no capacity is declared, 0 at or above capacity)."""
    if cand.capacity is None:
        return 1.0
    if cand.capacity <= 0:
        return 0.0
    return max(0.0, 1.0 - cand.open_introductions / cand.capacity)


def conflict(cand: Candidate, ctx: RankContext) -> str | None:
    """Why this candidate must not be proposed to this requester, or None."""
    if cand.id in ctx.excluded_ids:
        return "exclu par l'équipe"
    if ctx.requester_id is not None and cand.id == ctx.requester_id:
        return "c'est le demandeur"
    if ctx.requester_id is not None and ctx.requester_id in cand.conflict_ids:
        return "conflit d'intérêts déclaré"
    if cand.owner_ids & ctx.requester_owner_ids:
        return "mêmes dirigeants que le demandeur"
    return None


def kind_fit(profile: NeedProfile, cand: Candidate) -> float:
    """1, except: schools and training bodies fit only needs about training, labs only
    needs that ask for research (otherwise 0)."""
    if cand.kind in TRAINING_KINDS:
        return 1.0 if any(d.key == "formation" for d in profile.domains) else 0.0
    if cand.kind in RESEARCH_KINDS:
        return 1.0 if any(s.key == "recherche" for s in profile.skills) else 0.0
    return 1.0


@lru_cache(maxsize=64)
def _sector_term_sets(sector: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(t) for t in map(phrase_terms, SECTOR_TERMS.get(sector, ())) if t)


def sector_fit(profile: NeedProfile, cand: Candidate) -> float:
    """1 when the candidate's terms mention the requester's sector, else 0."""
    if profile.sector is None:
        return 0.0
    return 1.0 if any(t <= cand.skills for t in _sector_term_sets(profile.sector.key)) else 0.0


def responsiveness(profile: NeedProfile, cand: Candidate) -> float:
    """For an incident in progress: 1 / (1 + h/4) for an on-call responder committed to
    answer within h hours (2 h → 0.67, 24 h → 0.14); 0 otherwise or for other needs."""
    if profile.urgency is None or not cand.on_call:
        return 0.0
    hours = cand.response_hours if cand.response_hours is not None else 24.0
    return 1.0 / (1.0 + max(0.0, hours) / RESPONSE_SCALE_HOURS)
