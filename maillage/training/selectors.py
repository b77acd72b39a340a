"""Reads of the training catalogue: faceted search, a programme, programmes for a need."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from maillage.directory.facets import FacetOption
from maillage.directory.models import Organisation
from maillage.opendata.selectors import department_names, rome_labels
from maillage.training import levels
from maillage.training.adapters import programme_offers
from maillage.training.models import (
    CollectiveSession,
    Modality,
    Programme,
    Source,
    UpskillingNeed,
)
from maillage_core.matching import NeedProfile, Ranked, rank_offers

PER_PAGE = 20
_ROME = re.compile(r"^[A-N]\d{4}$")
FACETS = ("source", "modality", "level", "department")
RETRIEVE = 300


@dataclass(frozen=True)
class SearchResult:
    page: Page[Programme]
    total: int
    facets: dict[str, list[FacetOption]]


_LABELS: dict[str, dict[str, str]] = {
    "source": dict(Source.choices),
    "modality": dict(Modality.choices),
    "level": levels.LABELS,
}


def _filtered(q: str, filters: dict[str, list[str]], skip: str = "") -> QuerySet[Programme]:
    qs = Programme.objects.all()
    for word in q.split()[:10]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(provider_name__icontains=word)
            | Q(certification_code__iexact=word)
            | Q(domain__icontains=word)
        )
    for name, values in filters.items():
        if name != skip and values:
            qs = qs.filter(**{f"{name}__in": values})
    return qs


def programme_search(
    *, q: str = "", filters: dict[str, list[str]] | None = None, page: int = 1
) -> SearchResult:
    """Title/provider/certification words (all required), facets counted disjunctively."""
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS}
    qs = _filtered(q, filters)
    paginator = Paginator(qs.order_by("title", "id"), PER_PAGE)
    facets: dict[str, list[FacetOption]] = {}
    for name in FACETS:
        counts = (
            _filtered(q, filters, skip=name)
            .exclude(**{name: ""})
            .values(name)
            .annotate(n=Count("id"))
            .order_by("-n", name)[:15]
        )
        facets[name] = [
            FacetOption(
                value=row[name],
                label=_LABELS.get(name, {}).get(row[name], row[name]),
                count=row["n"],
                selected=row[name] in filters.get(name, []),
            )
            for row in counts
        ]
    # levels read in their own order (3 … 8), not by count
    facets["level"].sort(key=lambda o: o.value)
    return SearchResult(page=paginator.get_page(page), total=paginator.count, facets=facets)


def rome_fiches(codes: Sequence[str]) -> list[tuple[str, str]]:
    """(code, label) in the given order; a code the referential lacks keeps an empty label."""
    labels = rome_labels(codes)
    return [(code, labels.get(code, "")) for code in codes]


def rome_fiches_known(codes: Sequence[str]) -> bool:
    return bool(codes) and len(rome_labels(codes)) == len(set(codes))


def member_organisations(ids: Collection[int]) -> list[Organisation]:
    """The given organisations (a member's own), open ones only, by name."""
    return list(Organisation.objects.filter(id__in=list(ids), is_closed=False).order_by("name"))


def programme_by_id(pk: int) -> Programme | None:
    return (
        Programme.objects.select_related("organisation")
        .prefetch_related("sessions")
        .filter(pk=pk)
        .first()
    )


def programmes_for_need(profile: NeedProfile, *, limit: int = 10) -> list[tuple[Programme, Ranked]]:
    """Programmes ranked for an upskilling need by the matching engine (`rank_offers`).

    Retrieval: the RETRIEVE programmes sharing most analysed terms with the need; ranking: the
    engine's skills/distance scoring over those.
    """
    need_terms = set(profile.terms)
    if not need_terms:
        return []
    # Database prefilter on 5-letter prefixes of the need's own words (accents as typed), then
    # the engine's analysed terms decide.
    stop = {"besoin", "former", "formation", "notre", "votre", "salarie", "salariés", "équipe"}
    raw = [w.strip(".,;:!?()'\"").lower() for w in profile.text.split()]
    words = sorted({w[:5] for w in raw if len(w) >= 5 and w not in stop})[:12]
    query = Q()
    for w in words:
        query |= Q(title__icontains=w) | Q(domain__icontains=w)
    pool = list(Programme.objects.filter(query).order_by("id")[:5000]) if words else []
    offers = programme_offers(pool)
    overlap = Counter({o.programme_id: len(o.terms & need_terms) for o in offers})
    keep = {pk for pk, n in overlap.most_common(RETRIEVE) if n > 0}
    chosen = [o for o in offers if o.programme_id in keep]
    ranked = rank_offers(profile, chosen)[:limit]
    by_id = {p.pk: p for p in pool}
    return [(by_id[int(r.id)], r) for r in ranked]


def upskilling_needs_of(organisation_ids: Collection[int]) -> list[UpskillingNeed]:
    """The upskilling needs my organisations reported, newest first, with their session."""
    return list(
        UpskillingNeed.objects.filter(organisation_id__in=list(organisation_ids))
        .select_related("organisation", "pooled_in")
        .order_by("-created_at", "-id")[:50]
    )


def pending_needs_count() -> int:
    return UpskillingNeed.objects.filter(pooled_in__isnull=True).count()


def collective_sessions_described() -> list[tuple[CollectiveSession, str, str]]:
    """Each proposed session with its title ("M1844 Analyste en cybersécurité", or the skill
    key when it is not a ROME code) and place ("Calvados (14)")."""
    sessions = collective_sessions()
    codes = [s.skill_key.upper() for s in sessions]
    labels = rome_labels(codes)
    names = department_names()
    out = []
    for s, code in zip(sessions, codes, strict=True):
        # a ROME code shows upper-case, with its label when the referential is loaded
        title = f"{code} {labels.get(code, '')}".strip() if _ROME.match(code) else s.skill_key
        place = f"{names[s.department]} ({s.department})" if s.department in names else s.department
        out.append((s, title, place))
    return out


def collective_sessions() -> list[CollectiveSession]:
    return list(
        CollectiveSession.objects.select_related("programme")
        .prefetch_related("needs__organisation")
        .order_by("-created_at", "id")
    )
