"""Ranking with reasons: one engine for providers, training programmes and funding calls.

    score(c) = Σ_f w_f · x_f(c)  −  w_rotation · r(c)

with every feature x_f in [0, 1] (see `features.py`):
text (retrieval score / max over the candidates), domain and skill match, distance decay
exp(−d/τ), sovereignty, required labels, size fit, membership, smoothed past outcomes,
availability (1 − open/capacity). Candidates in conflict with the requester are excluded;
candidates at capacity are excluded (or, if the weights say so, penalised by
`capacity_penalty`). Fair rotation r(c) ∈ [0, 1] is the candidate's recent exposure relative
to *comparable* candidates — those whose score before rotation is within `rotation_band` ×
the best score of its own — so rotation reorders near-equals and never buries a clearly
better match. Results sort by score descending, then id.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from maillage_core.geo import Point
from maillage_core.matching import features as f
from maillage_core.matching import reasons as r
from maillage_core.matching.candidate import Candidate, Offer, Outcomes
from maillage_core.matching.profile import NeedProfile
from maillage_core.matching.weights import DEFAULT_WEIGHTS, RankContext, Weights

SCORE_DECIMALS = 9  # scores are rounded before sorting so float noise never beats the id tie-break


@dataclass(frozen=True)
class Ranked:
    id: str
    name: str
    score: float
    distance_km: float | None
    contributions: tuple[tuple[str, float], ...]  # feature → weight × value (rotation negative)
    reasons: tuple[str, ...]  # French, for people
    weights_version: str


@dataclass(frozen=True)
class Excluded:
    id: str
    reason: str  # French


@dataclass(frozen=True)
class _Scored:
    cand: Candidate
    base: float
    contributions: dict[str, float]
    distance_km: float | None
    size_fit: float


FEATURES: tuple[str, ...] = (
    "text", "domain", "skill", "distance", "sovereignty", "labels", "size_fit", "membership",
    "outcomes", "availability", "kind", "sector", "response",
)  # fmt: skip


@dataclass
class _Plan:
    """Per-call constants and caches (the profile is fixed for one ranking)."""

    profile: NeedProfile
    ctx: RankContext
    weights: Weights
    origin: Point | None
    tau: float
    text_max: float
    feature_weights: dict[str, float]
    domain_cache: dict[frozenset[str], float]  # few distinct domain sets per directory
    outcome_cache: dict[Outcomes, float]  # most candidates share the empty history


def _score_one(plan: _Plan, cand: Candidate) -> _Scored:
    profile, ctx, w = plan.profile, plan.ctx, plan.weights
    d_km = f.distance_km(plan.origin, cand)
    fit = f.size_fit(profile, cand)
    text = ctx.text_scores.get(cand.id, 0.0) / plan.text_max if plan.text_max > 0 else 0.0
    domain = plan.domain_cache.get(cand.domains)
    if domain is None:
        domain = plan.domain_cache[cand.domains] = f.domain_match(profile, cand)
    outcome = plan.outcome_cache.get(cand.outcomes)
    if outcome is None:
        outcome = plan.outcome_cache[cand.outcomes] = f.outcomes(cand, w)
    values = (
        max(0.0, text),
        domain,
        f.skill_match(profile, cand),
        f.distance_decay(d_km, plan.tau),
        f.sovereignty(cand, ctx),
        f.labels_met(profile, cand),
        fit,
        1.0 if cand.is_member else 0.0,
        outcome,
        f.availability(cand),
        f.kind_fit(profile, cand),
        f.sector_fit(profile, cand),
        f.responsiveness(profile, cand),
    )
    fw = plan.feature_weights
    contributions = {name: fw[name] * value for name, value in zip(FEATURES, values, strict=True)}
    if f.at_capacity(cand):
        contributions["capacity"] = -w.capacity_penalty
    return _Scored(cand, sum(contributions.values()), contributions, d_km, fit)


def _rotation(scored: list[_Scored], band: float) -> dict[str, float]:
    """r(c) = (e_c − min e) / (max e − min e) over c's comparable set — candidates whose base
    score is within `band` × the best |base| of c's (0 when exposures are all equal).

    The window [base − width, base + width] only moves forward over candidates sorted by
    base, so min/max exposures come from two monotone deques: O(n log n) overall.
    """
    if not scored:
        return {}
    width = band * max(abs(s.base) for s in scored)
    ordered = sorted(scored, key=lambda s: (s.base, s.cand.id))
    bases = [s.base for s in ordered]
    exposures = [s.cand.recent_exposures for s in ordered]
    out: dict[str, float] = {}
    lo_q: deque[int] = deque()  # indices with increasing exposures (window minimum first)
    hi_q: deque[int] = deque()  # indices with decreasing exposures (window maximum first)
    right = 0
    for i, s in enumerate(ordered):
        while right < len(ordered) and bases[right] <= bases[i] + width:
            while lo_q and exposures[lo_q[-1]] >= exposures[right]:
                lo_q.pop()
            lo_q.append(right)
            while hi_q and exposures[hi_q[-1]] <= exposures[right]:
                hi_q.pop()
            hi_q.append(right)
            right += 1
        left = bisect_left(bases, bases[i] - width)
        while lo_q[0] < left:
            lo_q.popleft()
        while hi_q[0] < left:
            hi_q.popleft()
        lo, hi = exposures[lo_q[0]], exposures[hi_q[0]]
        out[s.cand.id] = (exposures[i] - lo) / (hi - lo) if hi > lo else 0.0
    return out


def screen(
    candidates: Iterable[Candidate], ctx: RankContext, w: Weights = DEFAULT_WEIGHTS
) -> tuple[list[Candidate], list[Excluded]]:
    """Split candidates into those that may be ranked and those excluded, with why."""
    kept: list[Candidate] = []
    excluded: list[Excluded] = []
    for cand in candidates:
        why = f.conflict(cand, ctx)
        if why is None and w.exclude_at_capacity and f.at_capacity(cand):
            why = "capacité atteinte"
        if why is None:
            kept.append(cand)
        else:
            excluded.append(Excluded(cand.id, why))
    return kept, sorted(excluded, key=lambda e: e.id)


def rank(
    profile: NeedProfile,
    candidates: Iterable[Candidate],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    context: RankContext | None = None,
) -> list[Ranked]:
    """Rank candidates for a need, best first (ties by id), each with its reasons.

    Raises ValueError when two candidates share an id.
    """
    ctx = context or RankContext()
    kept, _ = screen(candidates, ctx, weights)
    ids = {c.id for c in kept}
    if len(ids) != len(kept):
        raise ValueError("candidate ids must be unique")
    text_max = max((s for i, s in ctx.text_scores.items() if i in ids), default=0.0)
    tau = weights.urgent_tau_km if profile.urgency is not None else weights.tau_km
    plan = _Plan(
        profile=profile,
        ctx=ctx,
        weights=weights,
        origin=f.need_point(profile, ctx),
        tau=tau,
        text_max=text_max,
        feature_weights={name: getattr(weights, name) for name in FEATURES},
        domain_cache={},
        outcome_cache={},
    )
    scored = [_score_one(plan, c) for c in kept]
    rotation = _rotation(scored, weights.rotation_band)
    final: list[tuple[float, str, _Scored, float]] = []
    for s in scored:
        penalty = weights.rotation * rotation[s.cand.id]
        final.append((round(s.base - penalty, SCORE_DECIMALS), s.cand.id, s, penalty))
    final.sort(key=lambda x: (-x[0], x[1]))
    if ctx.limit is not None:
        final = final[: ctx.limit]
    results: list[Ranked] = []
    for score, _, s, penalty in final:
        contributions = dict(s.contributions)
        contributions["rotation"] = -penalty
        results.append(
            Ranked(
                id=s.cand.id,
                name=s.cand.name,
                score=score,
                distance_km=s.distance_km,
                contributions=tuple(
                    (k, round(v, SCORE_DECIMALS)) for k, v in contributions.items()
                ),
                reasons=tuple(_reasons(profile, s, ctx, penalty)),
                weights_version=weights.version,
            )
        )
    return results


def _reasons(profile: NeedProfile, s: _Scored, ctx: RankContext, penalty: float) -> list[str]:
    c = s.cand
    out = r.skills_reason(profile, c)
    out += r.distance_reason(s.distance_km, c)
    out += r.sovereignty_reason(c, ctx)
    out += r.labels_reason(profile, c)
    out += r.size_reason(profile, s.size_fit)
    out += r.sector_reason(profile, s.contributions.get("sector", 0.0) > 0)
    out += r.response_reason(profile, c)
    if c.is_member:
        out.append("Adhérent du réseau")
    out += r.outcomes_reason(c)
    out += r.load_reason(c)
    out += r.rotation_reason(c, penalty)
    return out


def rank_offers(
    profile: NeedProfile,
    offers: Sequence[Offer],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    context: RankContext | None = None,
) -> list[Ranked]:
    """`rank` over any catalogue whose items adapt themselves to `Candidate`."""
    return rank(profile, (o.as_candidate() for o in offers), weights=weights, context=context)
