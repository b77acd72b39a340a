"""Matching both ways through the matchmaking engine.

- an organisation (or a need) → open calls, ranked by `rank_offers` over `CallOffer`s (themes
  mapped to the network's domains, the call's title terms as skills), then each with the core
  eligibility verdict; not-eligible calls are left out, "à vérifier" ones follow the eligible
  ones;
- a call → the member organisations to alert (not ruled out by eligibility, sharing a domain);
- a call → member providers who could deliver the project (the engine's directory ranking of
  the call's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maillage.directory.models import Organisation
from maillage.funding import adapters
from maillage.funding.models import FundingCall
from maillage.funding.selectors import perimeter_q
from maillage_core.funding.eligibility import Eligibility, Verdict, assess
from maillage_core.matching import NeedProfile, Ranked, rank_offers
from maillage_core.matching.profile import Weighted
from maillage_core.matching.tokens import phrase_terms

MAX_POOL = 400  # open calls ranked per request (nearest deadlines first within the perimeter)


@dataclass(frozen=True)
class CallMatch:
    call: FundingCall
    score: float
    reasons: tuple[str, ...]
    eligibility: Eligibility | None


def _profile(domains: list[str], text: str = "") -> NeedProfile:
    return NeedProfile(
        text=text,
        domains=tuple(Weighted(d, 1.0, ("domaine de l'organisation",)) for d in sorted(domains)),
        skills=(),
        place=None,
        sector=None,
        size=None,
        urgency=None,
        budget=None,
        time_frame=None,
        required_labels=(),
        terms=(),
    )


def _pool(*, today: date, insee: str | None) -> list[FundingCall]:
    qs = FundingCall.objects.visible().open(today)
    if insee:
        qs = qs.filter(perimeter_q(insee))
    return list(qs.order_by("deadline", "id")[:MAX_POOL])


def _deadline_reason(call: FundingCall, today: date) -> list[str]:
    if call.deadline is None:
        return []
    days = (call.deadline - today).days
    return [f"Clôture le {call.deadline:%d/%m/%Y} (dans {days} jour{'s' if days > 1 else ''})"]


def _rank(profile: NeedProfile, calls: list[FundingCall], limit: int) -> list[Ranked]:
    offers = [adapters.CallOffer(c, frozenset(phrase_terms(c.title))) for c in calls]
    ranked = rank_offers(profile, offers)
    return [r for r in ranked if r.score > 0][: limit * 3] or ranked[: limit * 3]


def calls_for_organisation(
    organisation: Organisation, *, today: date, limit: int = 10
) -> list[CallMatch]:
    """Open calls for an organisation, eligible first, each with reasons and its verdict."""
    domains = list(organisation.domains.values_list("slug", flat=True))
    calls = _pool(today=today, insee=organisation.commune_id)
    by_id = {f"call:{c.pk}": c for c in calls}
    org = adapters.eligibility_organisation(organisation)
    out: list[CallMatch] = []
    for r in _rank(_profile(domains), calls, limit):
        call = by_id[r.id]
        verdict = assess(org, adapters.call_record(call), today=today)
        if verdict.verdict is Verdict.NOT_ELIGIBLE:
            continue
        reasons = (*r.reasons, *_deadline_reason(call, today))
        out.append(CallMatch(call, r.score, reasons, verdict))
    order = {Verdict.ELIGIBLE: 0, Verdict.TO_CHECK: 1}
    out.sort(
        key=lambda m: (order[m.eligibility.verdict] if m.eligibility else 2, -m.score, m.call.pk)
    )
    return out[:limit]


def calls_for_profile(
    profile: NeedProfile, *, today: date, insee: str | None, limit: int
) -> list[CallMatch]:
    calls = _pool(today=today, insee=insee)
    by_id = {f"call:{c.pk}": c for c in calls}
    ranked = [
        r
        for r in rank_offers(
            profile, [adapters.CallOffer(c, frozenset(phrase_terms(c.title))) for c in calls]
        )
        if r.score > 0
    ]
    return [
        CallMatch(by_id[r.id], r.score, (*r.reasons, *_deadline_reason(by_id[r.id], today)), None)
        for r in ranked[:limit]
    ]


def calls_for_need(need: object, limit: int = 5, *, today: date | None = None) -> list[CallMatch]:
    """ "Aides qui pourraient financer ce besoin": open calls ranked for a stored need
    (`maillage.matching.models.Need`), within the perimeter of its commune when known."""
    from django.utils import timezone

    from maillage.matching.engine import need_profile_for

    profile = need_profile_for(need)  # type: ignore[arg-type]  # a Need; typed loosely to keep the import lazy
    insee = getattr(need, "commune_id", None)
    return calls_for_profile(profile, today=today or timezone.localdate(), insee=insee, limit=limit)


def members_to_alert(
    call: FundingCall, *, today: date, limit: int = 50
) -> list[tuple[Organisation, Eligibility]]:
    """Member organisations a call could concern: sharing one of its domains and not ruled out
    by eligibility (eligible first, then "à vérifier"; ties by name)."""
    domains = adapters.call_domains(call)
    qs = Organisation.objects.members().active()
    if domains:
        qs = qs.filter(domains__slug__in=domains).distinct()
    record = adapters.call_record(call)
    out = []
    for org in qs.order_by("name", "id")[:2000]:
        verdict = assess(adapters.eligibility_organisation(org), record, today=today)
        if verdict.verdict is not Verdict.NOT_ELIGIBLE:
            out.append((org, verdict))
    out.sort(key=lambda ov: (ov[1].verdict is not Verdict.ELIGIBLE, ov[0].name, ov[0].pk))
    return out[:limit]


def providers_for_call(call: FundingCall, *, limit: int = 5) -> list[tuple[Organisation, Ranked]]:
    """ "Prestataires adhérents qui pourraient réaliser ce projet": the engine's ranking of the
    directory for the call's text, members only."""
    from maillage.matching.engine import match
    from maillage_core.matching import EmptyNeedError

    text = f"{call.title}. {call.description[:1500]}"
    try:
        ranked = match(text, limit=50)
    except (EmptyNeedError, ValueError):
        return []
    ids = [int(r.id) for r in ranked]
    members = {o.pk: o for o in Organisation.objects.members().active().filter(pk__in=ids)}
    return [(members[int(r.id)], r) for r in ranked if int(r.id) in members][:limit]
