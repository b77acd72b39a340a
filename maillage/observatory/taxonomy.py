"""The ROME 4.0 taxonomy and offer classifier built from the open-data tables (once per process)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Sum

from maillage.opendata.models import (
    EscoSkill,
    RomeAppellation,
    RomeFiche,
    RomeFicheSkill,
    RomeHiringVolume,
    RomeSkill,
)
from maillage_core.offers import Fiche, OfferClassifier, Skill, Taxonomy
from maillage_core.offers.esco import EscoEntry, EscoSpotter


class TaxonomyMissing(RuntimeError):
    """The ROME tables are empty: `maillage opendata load rome` has not run."""


def taxonomy_from_db() -> Taxonomy:
    """Assemble the classifier's taxonomy from `opendata` ROME fiches, appellations and skills."""
    fiches = list(
        RomeFiche.objects.order_by("code").values_list(
            "code", "label", "parent_code", "definition", "access"
        )
    )
    if not fiches:
        raise TaxonomyMissing(
            "the ROME referential is not loaded (run: maillage opendata load rome)"
        )
    skills = {
        code: Skill(code, label, kind if kind in ("competence", "savoir") else "competence")
        for code, label, kind in RomeSkill.objects.values_list("code", "label", "kind")
    }
    apps: dict[str, set[str]] = {}
    for fiche_id, label in RomeAppellation.objects.values_list("fiche_id", "label"):
        apps.setdefault(fiche_id, set()).add(label)
    linked: dict[str, list[str]] = {}
    for fiche_id, skill_id in RomeFicheSkill.objects.order_by("id").values_list(
        "fiche_id", "skill_id"
    ):
        linked.setdefault(fiche_id, []).append(skill_id)
    return Taxonomy(
        fiches=tuple(
            Fiche(
                code=code,
                label=label,
                appellations=tuple(sorted(apps.get(code, ()))),
                skills=tuple(dict.fromkeys(linked.get(code, ()))),
                definition=definition,
                parent=parent or "",
                access=access,
            )
            for code, label, parent, definition, access in fiches
        ),
        skills=skills,
    )


def hirings_from_db() -> dict[str, int]:
    """Hirings by ROME code (La Bonne Boîte's table, summed over sectors); empty if not loaded."""
    return {
        code: total
        for code, total in RomeHiringVolume.objects.values("rome_code")
        .annotate(total=Sum("hirings"))
        .values_list("rome_code", "total")
        if total
    }


def esco_from_db() -> EscoSpotter | None:
    """The ESCO skills to spot in offers; None when ESCO is not loaded."""
    rows = EscoSkill.objects.order_by("uri").values_list("uri", "label", "alt_labels", "skill_type")
    entries = [
        EscoEntry(
            uri=uri,
            label=label,
            alt_labels=tuple(a.strip() for a in alt.splitlines() if a.strip()),
            knowledge=kind == "knowledge",
        )
        for uri, label, alt, kind in rows.iterator(chunk_size=5000)
    ]
    return EscoSpotter(entries) if entries else None


@lru_cache(maxsize=1)
def _classifier(fiche_count: int, hiring_rows: int, esco_rows: int) -> OfferClassifier:
    # Keyed on the table sizes so a reload of the referentials rebuilds the model.
    return OfferClassifier(taxonomy_from_db(), hirings_from_db(), esco_from_db())


def offer_classifier() -> OfferClassifier:
    """The process-wide classifier (indexing ROME 4.0 takes seconds: build once).

    Without the hiring volumes (`maillage opendata load rome-embauches`) it still works, with
    no occupation prior (top-1 0.738 instead of 0.756 on the labelled offers, ADR 0121);
    without ESCO (`maillage opendata load esco`) it reports ROME skills only.
    """
    count = RomeFiche.objects.count()
    if not count:
        raise TaxonomyMissing(
            "the ROME referential is not loaded (run: maillage opendata load rome)"
        )
    return _classifier(count, RomeHiringVolume.objects.count(), EscoSkill.objects.count())
