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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from maillage_core.matching import features as f
from maillage_core.matching import reasons as r
from maillage_core.matching.candidate import Candidate, Offer
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


def _score_one(
    profile: NeedProfile, cand: Candidate, ctx: RankContext, w: Weights, text_max: float, tau: float
) -> _Scored:
    origin = f.need_point(profile, ctx)
    d_km = f.distance_km(origin, cand)
    fit = f.size_fit(profile, cand)
    text = ctx.text_scores.get(cand.id, 0.0) / text_max if text_max > 0 else 0.0
    values = {
        "text": max(0.0, text),
        "domain": f.domain_match(profile, cand),
        "skill": f.skill_match(profile, cand),
        "distance": f.distance_decay(d_km, tau),
        "sovereignty": f.sovereignty(cand, ctx),
        "labels": f.labels_met(profile, cand),
        "size_fit": fit,
        "membership": 1.0 if cand.is_member else 0.0,
        "outcomes": f.outcomes(cand, w),
        "availability": f.availability(cand),
    }
    contributions = {name: getattr(w, name) * value for name, value in values.items()}
    if f.at_capacity(cand):
        contributions["capacity"] = -w.capacity_penalty
    return _Scored(cand, sum(contributions.values()), contributions, d_km, fit)


def _rotation(scored: list[_Scored], band: float) -> dict[str, float]:
    """r(c) = (e_c − min e) / (max e − min e) over c's comparable set (0 if all equal)."""
    if not scored:
        return {}
    width = band * max(abs(s.base) for s in scored)
    out: dict[str, float] = {}
    ordered = sorted(scored, key=lambda s: s.base)
    for s in ordered:
        peers = [p.cand.recent_exposures for p in ordered if abs(p.base - s.base) <= width]
        lo, hi = min(peers), max(peers)
        out[s.cand.id] = (s.cand.recent_exposures - lo) / (hi - lo) if hi > lo else 0.0
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
    """Rank candidates for a need, best first (ties by id), each with its reasons."""
    ctx = context or RankContext()
    kept, _ = screen(candidates, ctx, weights)
    ids = {c.id for c in kept}
    text_max = max((s for i, s in ctx.text_scores.items() if i in ids), default=0.0)
    tau = weights.urgent_tau_km if profile.urgency is not None else weights.tau_km
    scored = [_score_one(profile, c, ctx, weights, text_max, tau) for c in kept]
    rotation = _rotation(scored, weights.rotation_band)
    results: list[Ranked] = []
    for s in scored:
        penalty = weights.rotation * rotation[s.cand.id]
        contributions = dict(s.contributions)
        contributions["rotation"] = -penalty
        score = round(s.base - penalty, SCORE_DECIMALS)
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
    results.sort(key=lambda x: (-x.score, x.id))
    return results[: ctx.limit] if ctx.limit is not None else results


def _reasons(profile: NeedProfile, s: _Scored, ctx: RankContext, penalty: float) -> list[str]:
    c = s.cand
    out = r.skills_reason(profile, c)
    out += r.distance_reason(s.distance_km, c)
    out += r.sovereignty_reason(c, ctx)
    out += r.labels_reason(profile, c)
    out += r.size_reason(profile, s.size_fit)
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
