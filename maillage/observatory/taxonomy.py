"""The ROME 4.0 taxonomy and offer classifier built from the open-data tables (once per process)."""

from __future__ import annotations

from functools import lru_cache

from maillage.opendata.models import RomeAppellation, RomeFiche, RomeFicheSkill, RomeSkill
from maillage_core.offers import Fiche, OfferClassifier, Skill, Taxonomy


class TaxonomyMissing(RuntimeError):
    """The ROME tables are empty: `maillage opendata load rome` has not run."""


def taxonomy_from_db() -> Taxonomy:
    """Assemble the classifier's taxonomy from `opendata` ROME fiches, appellations and skills."""
    fiches = list(
        RomeFiche.objects.order_by("code").values_list("code", "label", "parent_code", "definition")
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
            )
            for code, label, parent, definition in fiches
        ),
        skills=skills,
    )


@lru_cache(maxsize=1)
def _classifier(fiche_count: int) -> OfferClassifier:
    # Keyed on the fiche count so a reload of the referential rebuilds the model.
    return OfferClassifier(taxonomy_from_db())


def offer_classifier() -> OfferClassifier:
    """The process-wide classifier (indexing ROME 4.0 takes seconds: build once)."""
    count = RomeFiche.objects.count()
    if not count:
        raise TaxonomyMissing(
            "the ROME referential is not loaded (run: maillage opendata load rome)"
        )
    return _classifier(count)
