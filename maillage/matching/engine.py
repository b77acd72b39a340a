"""The matchmaking engine: a need in French → ranked providers with their reasons.

    need text ──analyse_need──▶ NeedProfile ──retrieval (search index)──▶ ~250 ids
        ──adapters (a fixed number of queries)──▶ Candidates ──rank──▶ Ranked, best first

The analysis and the ranking are the pure core (`maillage_core.matching`); this module wires
them to the database and the index. `need_suggest` stores the ranking of a need as
`Suggestion` rows (score, reasons, contributions, weights version, distance).

Emergencies (a `Need` sent through the cyber-emergency form, or `emergency=True`) are
ranked among the on-call responders only (`ResponderCommitment`): those handling the
incident type and within their declared distance; when none qualifies, among everyone. A
text the analysis merely *reads* as an incident is ranked among everyone: the urgency
already tightens the distance decay and rewards on-call responders, and restricting it too
lowered nDCG@10 on the 9 emergencies of the evaluation set from 0.67 to 0.60 (good
non-roster firms and far responders were cut).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.matching import adapters, retrieval
from maillage.matching.models import Need, ResponderCommitment, Suggestion
from maillage.opendata.models import Commune
from maillage_core.geo import Point, haversine_km
from maillage_core.matching import (
    DEFAULT_WEIGHTS,
    NeedProfile,
    PlaceMatch,
    RankContext,
    Ranked,
    Weights,
    analyse_need,
    rank,
)
from maillage_core.matching.lexicon import SECTOR_TERMS
from maillage_core.matching.places import given_place
from maillage_core.matching.profile import Weighted
from maillage_core.matching.tokens import phrase_terms

MAX_LIMIT = 100
FALLBACK_EVIDENCE = "adresse du demandeur"


class MatchError(ValueError):
    """A match request that cannot run as asked; the message is French, shown as is."""


# --- analysis -----------------------------------------------------------------------------


def need_analyse(text: str, *, place: PlaceMatch | None = None) -> NeedProfile:
    """The structured profile of a need, located at the place given with it (`place`, from
    `place_resolve`) refined by the text, or at a place its text names in the served region
    (raises `EmptyNeedError` when it has no words)."""
    return analyse_need(
        text,
        lexicon=adapters.need_lexicon(),
        places=adapters.gazetteer(),
        given_place=place,
        region=adapters.region().code,
    )


def _commune_place(commune: Commune, evidence: str) -> PlaceMatch | None:
    if commune.latitude is None or commune.longitude is None:
        return None
    return given_place(
        PlaceMatch(
            "commune",
            commune.insee,
            commune.name,
            commune.latitude,
            commune.longitude,
            evidence,
            commune.department_id,
        )
    )


def place_resolve(
    *, commune: str | None = None, postcode: str | None = None, department: str | None = None
) -> PlaceMatch | None:
    """The requester's place from an INSEE commune code, a postcode and/or a département
    code. When several are given the most precise wins (commune, then postcode, then
    département) and they must agree: a commune outside the postcode or the département
    given with it is a `MatchError`."""
    gaz = adapters.gazetteer()
    commune, postcode, department = (
        (v.strip() or None) if isinstance(v, str) else None for v in (commune, postcode, department)
    )
    dep = None
    if department:
        dep = gaz.departments.get(department.upper())
        if dep is None:
            raise MatchError(f"Département inconnu : {department[:20]!r}.")
    by_postcode: tuple[str, ...] = ()
    if postcode:
        by_postcode = gaz.by_postcode.get(postcode, ())
        if not by_postcode:
            raise MatchError(f"Code postal inconnu : {postcode[:20]!r}.")
        if dep is not None and all(gaz.communes[c].department != dep.code for c in by_postcode):
            raise MatchError(
                f"Le code postal {postcode} n'est pas dans le département {dep.code} ({dep.name})."
            )
    if commune:
        found = gaz.communes.get(commune)
        if found is None:
            raise MatchError(f"Commune inconnue : {commune[:20]!r} (code INSEE attendu).")
        if dep is not None and found.department != dep.code:
            raise MatchError(
                f"La commune {found.name} n'est pas dans le département {dep.code} ({dep.name})."
            )
        if by_postcode and found.insee not in by_postcode:
            raise MatchError(f"La commune {found.name} n'a pas le code postal {postcode}.")
        return given_place(
            PlaceMatch(
                "commune",
                found.insee,
                found.name,
                found.lat,
                found.lon,
                found.insee,
                found.department,
            )
        )
    if postcode:
        codes = [c for c in by_postcode if dep is None or gaz.communes[c].department == dep.code]
        c = gaz.communes[codes[0]]  # most populated commune of the postcode
        return given_place(
            PlaceMatch("postcode", c.insee, c.name, c.lat, c.lon, postcode, c.department)
        )
    if dep is not None:
        return given_place(
            PlaceMatch("department", dep.code, dep.name, dep.lat, dep.lon, dep.code, dep.code)
        )
    return None


def need_profile_for(need: Need) -> NeedProfile:
    """The profile of a stored need: its text, located at its commune (refined by the text
    when it names a place there), or where staff corrected it."""
    place = _commune_place(need.commune, FALLBACK_EVIDENCE) if need.commune else None
    profile = need_analyse(need.text, place=place)
    if need.profile_corrected_by_id is not None and need.profile:
        profile = with_staff_correction(profile, need.profile)
    return profile


def with_staff_correction(profile: NeedProfile, stored: dict[str, Any]) -> NeedProfile:
    """The analysed profile with the domains and place staff set in the stored profile
    (`qualification.need_profile_correct`), so the ranking follows their correction."""
    domains = tuple(
        Weighted(
            str(d["key"]),
            float(d.get("weight", 1.0)),
            tuple(d.get("evidence") or ()),
            tuple(d.get("terms") or ()),
        )
        for d in stored.get("domains") or []
    )
    place = profile.place
    p = stored.get("place")
    if p:
        place = PlaceMatch(
            p["kind"], p["code"], p["name"], p.get("lat"), p.get("lon"), p["evidence"],
            p.get("department", ""), p.get("source", "given"), p.get("why", ""),
        )  # fmt: skip
    return dataclasses.replace(profile, domains=domains, place=place)


def profile_json(profile: NeedProfile) -> dict[str, Any]:
    """The profile as JSON-ready data (evidence included)."""
    return dataclasses.asdict(profile)


# --- ranking ------------------------------------------------------------------------------


def _focus_terms(profile: NeedProfile) -> set[str]:
    """The analysed terms the ranking tests candidates for: the need's skills and sector."""
    terms = {t for s in profile.skills for t in s.terms}
    if profile.sector is not None:
        for phrase in SECTOR_TERMS.get(profile.sector.key, ()):
            terms.update(phrase_terms(phrase))
    return terms


def responder_ids(profile: NeedProfile, incident_type: str = "") -> list[int]:
    """On-call responders of open organisations handling `incident_type` (any when empty or
    when they declared no type), within their declared distance of the need when known."""
    origin = None
    if profile.place is not None and profile.place.lat is not None:
        origin = Point(profile.place.lat, profile.place.lon or 0.0)
    rows = ResponderCommitment.objects.filter(
        on_call=True, organisation__is_closed=False
    ).values_list(
        "organisation_id",
        "incident_types",
        "max_distance_km",
        "organisation__latitude",
        "organisation__longitude",
        "organisation__commune__latitude",
        "organisation__commune__longitude",
    )
    out = []
    for org, types, max_km, lat, lon, c_lat, c_lon in rows:
        if incident_type and types and incident_type not in types:
            continue
        lat, lon = (lat, lon) if lat is not None and lon is not None else (c_lat, c_lon)
        if (
            origin is not None
            and lat is not None
            and lon is not None
            and haversine_km(origin, Point(lat, lon)) > max_km
        ):
            continue
        out.append(org)
    return sorted(out)


def match_profile(
    profile: NeedProfile,
    *,
    limit: int = 10,
    requester: Organisation | None = None,
    exclude_ids: Collection[int] = (),
    emergency: bool = False,
    incident_type: str = "",
    exclude_need_id: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> list[Ranked]:
    """Rank the directory for an analysed need (see the module docstring)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise MatchError(f"Le nombre de résultats doit être entre 1 et {MAX_LIMIT}.")
    now = now or timezone.now()
    groups = retrieval.query_groups(profile.terms)
    responders = responder_ids(profile, incident_type) if emergency else []
    if responders:
        scores = retrieval.retrieve(groups, only_ids=responders)
    else:
        scores = retrieval.retrieve(groups, domains=[d.key for d in profile.domains])
    pool = sorted(scores)
    terms = retrieval.terms_present(pool, _focus_terms(profile))
    candidates = adapters.organisation_candidates(
        pool,
        now=now,
        requester_id=requester.pk if requester is not None else None,
        terms_by_id={pk: terms.get(pk, frozenset()) for pk in pool},
        exclude_need_id=exclude_need_id,
    )
    region = adapters.region()
    context = RankContext(
        region_code=region.code,
        region_name=region.name,
        text_scores={adapters.candidate_id(pk): s for pk, s in scores.items()},
        requester_id=adapters.candidate_id(requester.pk) if requester is not None else None,
        requester_owner_ids=adapters.owner_ids(requester.siren) if requester else frozenset(),
        excluded_ids=frozenset(adapters.candidate_id(i) for i in exclude_ids),
        limit=limit,
    )
    return rank(profile, candidates, weights=weights, context=context)


def match(
    text: str,
    *,
    commune: str | None = None,
    postcode: str | None = None,
    department: str | None = None,
    limit: int = 10,
    requester: Organisation | None = None,
    exclude_ids: Collection[int] = (),
    emergency: bool = False,
) -> list[Ranked]:
    """Analyse `text` and rank the directory for it, at the requester's place (`commune`
    INSEE code, `postcode`, `department`: the most precise wins) refined by the text.

    Raises `MatchError` (bad place or limit) or `EmptyNeedError` (no words)."""
    place = place_resolve(commune=commune, postcode=postcode, department=department)
    profile = need_analyse(text, place=place)
    return match_profile(
        profile, limit=limit, requester=requester, exclude_ids=exclude_ids, emergency=emergency
    )


def ranked_rows(ranked: list[Ranked]) -> list[dict[str, Any]]:
    """Results as the CLI and the API print them (one query for external ids and SIRETs)."""
    keys = {
        pk: (external_id, siret)
        for pk, external_id, siret in Organisation.objects.filter(
            id__in=[int(r.id) for r in ranked]
        ).values_list("id", "external_id", "siret")
    }
    return [
        {
            "id": int(r.id),
            "external_id": keys.get(int(r.id), (None, None))[0],
            "siret": keys.get(int(r.id), (None, None))[1],
            "name": r.name,
            "score": round(r.score, 4),
            "distance_km": round(r.distance_km, 1) if r.distance_km is not None else None,
            "reasons": list(r.reasons),
        }
        for r in ranked
    ]


# --- storing suggestions --------------------------------------------------------------------


@transaction.atomic
def need_suggest(*, need: Need, limit: int = 10, now: datetime | None = None) -> list[Suggestion]:
    """Rank the directory for a stored need and store the result as its suggestions
    (replacing earlier ones). The need's stored profile is updated too, unless staff
    corrected it (`profile_corrected_by`): their correction is kept as they left it."""
    now = now or timezone.now()
    profile = need_profile_for(need)
    ranked = match_profile(
        profile,
        limit=limit,
        requester=need.organisation,
        emergency=need.is_emergency,
        incident_type=need.incident_type,
        exclude_need_id=need.pk,
        now=now,
    )
    if need.profile_corrected_by_id is None:
        Need.objects.filter(pk=need.pk).update(profile=profile_json(profile))
        need.profile = profile_json(profile)
    Suggestion.objects.filter(need=need).delete()
    return Suggestion.objects.bulk_create(
        [
            Suggestion(
                need=need,
                organisation_id=int(r.id),
                rank=position,
                score=r.score,
                reasons=list(r.reasons),
                contributions=dict(r.contributions),
                weights_version=r.weights_version,
                distance_km=r.distance_km,
            )
            for position, r in enumerate(ranked, start=1)
        ]
    )
