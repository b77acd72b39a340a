"""ORM rows ↔ `maillage_core.matching` dataclasses: organisations become `Candidate`s, the
opendata tables become the `Gazetteer`, the taxonomies feed the need lexicon.

Everything is read in bulk: `organisation_candidates` runs a fixed number of queries (about
ten) whatever the number of ids, never one per organisation.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Q, Sum

from maillage.directory.models import MembershipStatus, Organisation, OrganisationLabel
from maillage.directory.models import OrganisationSkill as Skill
from maillage.matching.models import (
    ConflictOfInterest,
    Introduction,
    ProviderCapacity,
    ResponderCommitment,
    Suggestion,
)
from maillage.opendata.models import Commune as CommuneRow
from maillage.opendata.models import CommunePostcode, Region
from maillage.opendata.models import Department as DepartmentRow
from maillage_core.matching import (
    Candidate,
    Commune,
    Department,
    Gazetteer,
    Lexicon,
    Outcomes,
    build_gazetteer,
    build_lexicon,
)
from maillage_core.pipeline import OPEN_FOR_PROVIDER, State
from maillage_core.text import analyse

ROTATION_WINDOW = timedelta(days=30)
LEXICON_TTL_SECONDS = 3600.0

# Past the provider's answer: it accepted (CLOSED is only reached through a contract or a loss).
ACCEPTED_STATES = frozenset(
    {State.ACCEPTED, State.MEETING, State.PROPOSAL, State.CONTRACT, State.LOST, State.SURVEYED,
     State.CLOSED}
)  # fmt: skip
# No answer counts as a refusal for the acceptance rate: the requester waited for nothing.
DECLINED_STATES = frozenset({State.DECLINED, State.EXPIRED})


# --- gazetteer and lexicon (built once per process) ----------------------------------------


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str


@dataclass(frozen=True)
class _GazetteerCache:
    commune_count: int
    gazetteer: Gazetteer
    region_names: Mapping[str, str]


_lock = threading.Lock()
_gazetteer: _GazetteerCache | None = None
_lexicon: tuple[float, Lexicon] | None = None


def _load_gazetteer(commune_count: int) -> _GazetteerCache:
    postcodes: dict[str, list[str]] = defaultdict(list)
    for insee, postcode in CommunePostcode.objects.values_list("commune_id", "postcode"):
        postcodes[insee].append(postcode)
    communes: list[Commune] = []
    best_by_department: dict[str, Commune] = {}
    rows = CommuneRow.objects.filter(kind=CommuneRow.Kind.COMMUNE).values_list(
        "insee", "name", "latitude", "longitude", "department_id", "region_id", "population"
    )
    for insee, name, lat, lon, dep, reg, population in rows.iterator(chunk_size=5000):
        if lat is None or lon is None:
            continue
        c = Commune(
            insee=insee,
            name=name,
            lat=lat,
            lon=lon,
            department=dep,
            region=reg,
            population=population or 0,
            postcodes=tuple(sorted(postcodes.get(insee, ()))),
        )
        communes.append(c)
        best = best_by_department.get(dep)
        if best is None or (c.population, best.insee) > (best.population, c.insee):
            best_by_department[dep] = c
    # A département's point is its most populated commune (the prefecture, nearly always).
    departments = []
    for code, name in DepartmentRow.objects.values_list("code", "name"):
        point = best_by_department.get(code)
        departments.append(
            Department(code, name, point.lat if point else None, point.lon if point else None)
        )
    return _GazetteerCache(
        commune_count=commune_count,
        gazetteer=build_gazetteer(communes, departments),
        region_names=dict(Region.objects.values_list("code", "name")),
    )


def _gazetteer_cache() -> _GazetteerCache:
    global _gazetteer
    count = CommuneRow.objects.count()
    with _lock:
        if _gazetteer is None or _gazetteer.commune_count != count:
            _gazetteer = _load_gazetteer(count)
        return _gazetteer


def gazetteer() -> Gazetteer:
    """Communes, postcodes and départements of the database, rebuilt when the number of
    communes changes (an open-data load)."""
    return _gazetteer_cache().gazetteer


def region() -> RegionInfo:
    """The network's region (settings.REGION_CODE) with its name when the table knows it."""
    code = str(getattr(settings, "REGION_CODE", "28"))
    return RegionInfo(code, _gazetteer_cache().region_names.get(code, "la région"))


def need_lexicon() -> Lexicon:
    """The need-analysis lexicon with the ROME/ESCO labels loaded in the database."""
    global _lexicon
    with _lock:
        now = time.monotonic()
        if _lexicon is None or now - _lexicon[0] > LEXICON_TTL_SECONDS:
            from maillage.opendata.selectors import taxonomy_phrases

            _lexicon = (now, build_lexicon(taxonomy=list(taxonomy_phrases())))
        return _lexicon[1]


def caches_reset() -> None:
    """Forget the gazetteer and lexicon (tests, or after loading taxonomies)."""
    global _gazetteer, _lexicon
    with _lock:
        _gazetteer = None
        _lexicon = None


# --- organisations → candidates -------------------------------------------------------------


@lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    return frozenset(analyse(text))


def candidate_id(pk: int) -> str:
    return str(pk)


def owner_ids(siren: str) -> frozenset[str]:
    """Establishments of one legal unit (same SIREN) share their owners."""
    return frozenset({f"siren:{siren}"}) if siren else frozenset()


@dataclass
class _Stats:
    accepted: int = 0
    declined: int = 0
    contracts: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0
    open: int = 0


def _introduction_stats(ids: list[int]) -> dict[int, _Stats]:
    """One grouped query: per provider and state, counts, contracts and satisfaction."""
    out: dict[int, _Stats] = defaultdict(_Stats)
    rows = (
        Introduction.objects.filter(provider_id__in=ids)
        .values("provider_id", "state")
        .annotate(
            n=Count("id"),
            contracts=Count("contract_on"),
            sat_sum=Sum("satisfaction"),
            sat_n=Count("satisfaction"),
        )
        .order_by()
    )
    for row in rows:
        s = out[row["provider_id"]]
        state = row["state"]
        if state in ACCEPTED_STATES:
            s.accepted += row["n"]
        elif state in DECLINED_STATES:
            s.declined += row["n"]
        if state in OPEN_FOR_PROVIDER:
            s.open += row["n"]
        s.contracts += row["contracts"]
        s.satisfaction_sum += row["sat_sum"] or 0
        s.satisfaction_count += row["sat_n"]
    return out


def _exposures(ids: list[int], since: datetime, exclude_need_id: int | None) -> dict[int, int]:
    """Distinct needs each organisation was suggested for or introduced to since `since`."""
    seen: dict[int, set[int]] = defaultdict(set)
    suggested = Suggestion.objects.filter(organisation_id__in=ids, created_at__gte=since)
    introduced = Introduction.objects.filter(provider_id__in=ids, sent_at__gte=since)
    if exclude_need_id is not None:
        suggested = suggested.exclude(need_id=exclude_need_id)
        introduced = introduced.exclude(need_id=exclude_need_id)
    for org, need in suggested.values_list("organisation_id", "need_id"):
        seen[org].add(need)
    for org, need in introduced.values_list("provider_id", "need_id"):
        seen[org].add(need)
    return {org: len(needs) for org, needs in seen.items()}


def _conflicts(ids: list[int], requester_id: int | None) -> dict[int, set[str]]:
    """Declared conflicts with the requester, in either direction (one query)."""
    if requester_id is None:
        return {}
    out: dict[int, set[str]] = defaultdict(set)
    rows = ConflictOfInterest.objects.filter(
        Q(organisation_id=requester_id, other_organisation_id__in=ids)
        | Q(organisation_id__in=ids, other_organisation_id=requester_id)
    ).values_list("organisation_id", "other_organisation_id")
    for a, b in rows:
        if a == requester_id:
            out[b].add(candidate_id(a))
        else:
            out[a].add(candidate_id(b))
    return out


def _pairs(rows: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for key, value in rows:
        out[key].add(value)
    return out


def organisation_candidates(
    ids: Collection[int],
    *,
    now: datetime,
    requester_id: int | None = None,
    terms_by_id: Mapping[int, frozenset[str]] | None = None,
    exclude_need_id: int | None = None,
) -> list[Candidate]:
    """The organisations with these ids as `Candidate`s, in id order (unknown ids skipped).

    `terms_by_id`: the candidates' analysed terms when the caller already knows the ones
    that matter (the engine asks the search index for the need's terms); otherwise they are
    analysed from name + description + skill labels. Expired labels do not count.
    """
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    today: date = now.date()
    fields = [
        "id", "name", "kind", "size_band", "membership", "latitude", "longitude", "siren",
        "region_code", "hq_region_code", "hq_country", "commune__name", "commune__latitude",
        "commune__longitude", "commune__region_id",
    ]  # fmt: skip
    if terms_by_id is None:
        fields.append("description")
    rows = list(Organisation.objects.filter(id__in=wanted).order_by("id").values(*fields))
    found = [r["id"] for r in rows]
    through = Organisation.domains.through
    domains = _pairs(
        through.objects.filter(organisation_id__in=found).values_list(
            "organisation_id", "domain_id"
        )
    )
    labels = _pairs(
        OrganisationLabel.objects.filter(organisation_id__in=found)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("organisation_id", "label_id")
    )
    skills: dict[int, set[str]] = {}
    if terms_by_id is None:
        skills = _pairs(
            Skill.objects.filter(organisation_id__in=found)
            .order_by("label")
            .values_list("organisation_id", "label")
        )
    stats = _introduction_stats(found)
    exposures = _exposures(found, now - ROTATION_WINDOW, exclude_need_id)
    capacity = dict(
        ProviderCapacity.objects.filter(organisation_id__in=found).values_list(
            "organisation_id", "max_open_introductions"
        )
    )
    commitments = {
        org: (on_call, minutes)
        for org, on_call, minutes in ResponderCommitment.objects.filter(
            organisation_id__in=found
        ).values_list("organisation_id", "on_call", "response_time_minutes")
    }
    conflicts = _conflicts(found, requester_id)
    out: list[Candidate] = []
    for r in rows:
        pk = r["id"]
        if terms_by_id is None:
            text = " ; ".join([r["name"], r["description"], *sorted(skills.get(pk, ()))])
            terms = _terms(text)
        else:
            terms = terms_by_id.get(pk, frozenset())
        lat, lon = r["latitude"], r["longitude"]
        if lat is None or lon is None:
            lat, lon = r["commune__latitude"], r["commune__longitude"]
        s = stats.get(pk, _Stats())
        on_call, minutes = commitments.get(pk, (False, None))
        out.append(
            Candidate(
                id=candidate_id(pk),
                name=r["name"],
                domains=frozenset(domains.get(pk, ())),
                skills=terms,
                labels=frozenset(labels.get(pk, ())),
                lat=lat,
                lon=lon,
                commune_name=r["commune__name"] or "",
                hq_region=r["hq_region_code"] or r["region_code"] or r["commune__region_id"] or "",
                hq_country=r["hq_country"] or "FR",
                size_band=r["size_band"] or "",
                is_member=r["membership"] == MembershipStatus.MEMBER,
                kind=r["kind"],
                outcomes=Outcomes(
                    accepted=s.accepted,
                    declined=s.declined,
                    contracts=s.contracts,
                    satisfaction_mean=(
                        s.satisfaction_sum / s.satisfaction_count if s.satisfaction_count else None
                    ),
                    satisfaction_count=s.satisfaction_count,
                ),
                open_introductions=s.open,
                capacity=capacity.get(pk),
                recent_exposures=exposures.get(pk, 0),
                owner_ids=owner_ids(r["siren"]),
                conflict_ids=frozenset(conflicts.get(pk, ())),
                on_call=bool(on_call),
                response_hours=minutes / 60.0 if on_call and minutes is not None else None,
            )
        )
    return out
