"""Job-offer classification against the ROME 4.0 taxonomy (pure: the taxonomy is passed in)."""

from maillage_core.offers.classify import (
    Candidate,
    Classification,
    Offer,
    OfferClassifier,
    SkillMention,
)
from maillage_core.offers.taxonomy import Fiche, Skill, Taxonomy, taxonomy_from_rome_rows

__all__ = [
    "Candidate",
    "Classification",
    "Fiche",
    "Offer",
    "OfferClassifier",
    "Skill",
    "SkillMention",
    "Taxonomy",
    "taxonomy_from_rome_rows",
]
