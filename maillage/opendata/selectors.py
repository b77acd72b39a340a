"""Reads of the reference data: communes, ROME search, digital NAF codes, taxonomy synonyms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Case, F, Value, When

from maillage.opendata.models import (
    Commune,
    Department,
    DigitalSectorDefinition,
    EscoOccupation,
    EscoSkill,
    RomeAppellation,
    RomeFiche,
)
from maillage.opendata.text import fold


def commune_by_insee(insee: str) -> Commune | None:
    """The commune (or Paris/Lyon/Marseille district) with this INSEE code, with its areas."""
    return (
        Commune.objects.select_related("department", "region", "epci")
        .filter(insee=insee.strip())
        .first()
    )


def communes_by_postcode(postcode: str) -> list[Commune]:
    """Communes served by a postcode, most populated first (ties by INSEE code)."""
    return list(
        Commune.objects.with_postcode(postcode.strip())
        .select_related("department", "region", "epci")
        .order_by(F("population").desc(nulls_last=True), "insee")
    )


def commune_search(text: str, limit: int = 10) -> list[Commune]:
    """Communes whose name starts with `text`, ignoring case, accents and punctuation.

    "saint lo" and "Saint-Lô" both find Saint-Lô (abbreviations such as "St" are not expanded).
    Exact names first, then most populated, ties by INSEE code.
    """
    folded = fold(text)
    if not folded:
        return []
    exact_first = Case(When(name_folded=folded, then=Value(0)), default=Value(1))
    return list(
        Commune.objects.filter(name_folded__startswith=folded)
        .select_related("department", "region")
        .order_by(exact_first, F("population").desc(nulls_last=True), "insee")[:limit]
    )


def rome_labels(codes: Iterable[str]) -> dict[str, str]:
    """ROME code → fiche label, for the codes the referential knows."""
    return dict(RomeFiche.objects.filter(code__in=list(codes)).values_list("code", "label"))


def department_names() -> dict[str, str]:
    """Département code → name."""
    return dict(Department.objects.values_list("code", "name"))


def rome_search(text: str, limit: int = 10) -> list[RomeFiche]:
    """ROME fiches whose label or one of whose appellations contains `text` (accent-insensitive).

    Fiches matched on their own label come first, then fiches matched through an appellation;
    each group in code order.
    """
    folded = fold(text)
    if not folded:
        return []
    by_label = list(
        RomeFiche.objects.filter(label_folded__contains=folded).order_by("code")[:limit]
    )
    seen = {fiche.code for fiche in by_label}
    if len(by_label) >= limit:
        return by_label
    via_appellation = (
        RomeFiche.objects.filter(appellations__label_folded__contains=folded)
        .exclude(code__in=seen)
        .distinct()
        .order_by("code")[: limit - len(by_label)]
    )
    return [*by_label, *via_appellation]


def digital_naf_codes(version: str | None = None) -> frozenset[str]:
    """NAF codes (dotted form, `62.01Z`) of a digital-sector definition; the latest by default.

    Latest = most recent `valid_from` (undated last), ties by version descending. Empty when no
    definition is loaded; LookupError for an unknown version.
    """
    definitions = DigitalSectorDefinition.objects.all()
    if version is None:
        definition = definitions.order_by(F("valid_from").desc(nulls_last=True), "-version").first()
        if definition is None:
            return frozenset()
    else:
        definition = definitions.filter(version=version).first()
        if definition is None:
            raise LookupError(f"unknown digital-sector definition {version!r}")
    return frozenset(definition.codes.values_list("naf_code", flat=True))


def taxonomy_phrases() -> Iterator[tuple[str, str]]:
    """(canonical label, alternative label) pairs for synonym expansion.

    ROME: each appellation (long and short label) → its fiche's label. ESCO: each alternative
    label → the preferred label, for occupations then skills. Pairs whose two sides are equal
    once folded are skipped; order is stable (by code / URI).
    """
    appellations = RomeAppellation.objects.order_by("code").values_list(
        "fiche__label", "label", "short_label"
    )
    for fiche_label, label, short_label in appellations.iterator(chunk_size=2000):
        for alternative in dict.fromkeys((label, short_label)):
            if alternative and fold(alternative) != fold(fiche_label):
                yield fiche_label, alternative
    for model in (EscoOccupation, EscoSkill):
        rows = (
            model.objects.exclude(alt_labels="").order_by("uri").values_list("label", "alt_labels")
        )
        for preferred, alternatives in rows.iterator(chunk_size=2000):
            for alternative in alternatives.splitlines():
                if alternative and fold(alternative) != fold(preferred):
                    yield preferred, alternative
