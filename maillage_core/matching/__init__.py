"""Matchmaking core: need analysis, ranking with reasons, evaluation metrics (pure Python)."""

from maillage_core.matching.analyse import EmptyNeedError, analyse_need
from maillage_core.matching.candidate import Candidate, Offer, Outcomes
from maillage_core.matching.lexicon import Lexicon, build_lexicon, default_lexicon
from maillage_core.matching.places import (
    Commune,
    Department,
    Gazetteer,
    PlaceMatch,
    build_gazetteer,
)
from maillage_core.matching.profile import NeedProfile
from maillage_core.matching.rank import Excluded, Ranked, rank, rank_offers, screen
from maillage_core.matching.weights import DEFAULT_WEIGHTS, RankContext, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "Candidate",
    "Commune",
    "Department",
    "EmptyNeedError",
    "Excluded",
    "Gazetteer",
    "Lexicon",
    "NeedProfile",
    "Offer",
    "Outcomes",
    "PlaceMatch",
    "RankContext",
    "Ranked",
    "Weights",
    "analyse_need",
    "build_gazetteer",
    "build_lexicon",
    "default_lexicon",
    "rank",
    "rank_offers",
    "screen",
]
