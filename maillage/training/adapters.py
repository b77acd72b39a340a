"""Programmes ↔ the matching engine: a programme adapts itself to a ranking `Candidate`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from maillage.matching.engine import need_analyse
from maillage.opendata.models import Commune
from maillage.training.models import Programme
from maillage_core.matching import Candidate, EmptyNeedError
from maillage_core.text import analyse


@lru_cache(maxsize=16384)
def _terms(text: str) -> frozenset[str]:
    return frozenset(analyse(text))


@lru_cache(maxsize=16384)
def _domains(text: str) -> frozenset[str]:
    """The network's domains a programme is about, found by the need analysis on its own text
    (so a need and a programme are read alike); every programme is in "formation"."""
    try:
        found = {d.key for d in need_analyse(text).domains}
    except EmptyNeedError:
        found = set()
    return frozenset(found | {"formation"})


@dataclass(frozen=True)
class ProgrammeOffer:
    """`maillage_core.matching.Offer` for a training programme."""

    programme_id: int
    title: str
    text: str  # title, domain and skill labels: what the need is matched against
    lat: float | None
    lon: float | None
    commune_name: str

    def as_candidate(self) -> Candidate:
        return Candidate(
            id=str(self.programme_id),
            name=self.title,
            domains=_domains(self.title),
            skills=_terms(self.text),
            lat=self.lat,
            lon=self.lon,
            commune_name=self.commune_name,
            kind="training",
        )

    @property
    def terms(self) -> frozenset[str]:
        return _terms(self.text)


def programme_offers(programmes: list[Programme]) -> list[ProgrammeOffer]:
    """Adapters for a list of programmes, with coordinates from their commune (one query)."""
    inseees = {p.commune_insee for p in programmes if p.commune_insee}
    places = {
        c.insee: c
        for c in Commune.objects.filter(insee__in=inseees).only(
            "insee", "name", "latitude", "longitude"
        )
    }
    out = []
    for p in programmes:
        commune = places.get(p.commune_insee)
        skills = " ".join(s.get("label", "") for s in p.skills if isinstance(s, dict))
        out.append(
            ProgrammeOffer(
                programme_id=p.pk,
                title=p.title,
                text=f"{p.title} {p.domain} {skills}",
                lat=commune.latitude if commune else None,
                lon=commune.longitude if commune else None,
                commune_name=commune.name if commune else p.city,
            )
        )
    return out
