"""Ranking properties: determinism, ties by id, distance decay, capacity, rotation, conflicts,
French reasons, and one engine for any offer type."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage_core.matching import (
    Candidate,
    Gazetteer,
    Lexicon,
    NeedProfile,
    Outcomes,
    RankContext,
    Weights,
    analyse_need,
    rank,
    rank_offers,
    screen,
)
from maillage_core.matching.features import distance_decay, smoothed_rate
from maillage_core.matching.tokens import phrase_terms

CAEN = (49.1848, -0.3698)


def terms(*phrases: str) -> frozenset[str]:
    return frozenset(t for p in phrases for t in phrase_terms(p))


def cyber(id_: str, **changes: object) -> Candidate:
    base = Candidate(
        id=id_,
        name=f"Cyber {id_}",
        domains=frozenset({"cybersecurite"}),
        skills=terms("réponse à incident", "sauvegarde"),
        labels=frozenset({"expertcyber"}),
        lat=CAEN[0],
        lon=CAEN[1],
        commune_name="Caen",
        hq_region="28",
        hq_country="FR",
        size_band="11",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]  # test helper: fields vary


@pytest.fixture(scope="module")
def incident(lexicon: Lexicon, places: Gazetteer) -> NeedProfile:
    return analyse_need(
        "on s'est fait pirater ce matin, PME à Caen", lexicon=lexicon, places=places
    )


def test_better_match_ranks_first_with_french_reasons(incident: NeedProfile) -> None:
    web = Candidate(
        "web", "Agence Web", domains=frozenset({"web"}), lat=CAEN[0], lon=CAEN[1], hq_region="28"
    )
    result = rank(incident, [web, cyber("c1", is_member=True, on_call=True, response_hours=2)])
    assert [r.id for r in result] == ["c1", "web"]
    reasons = result[0].reasons
    assert "Compétences : cybersécurité, réponse à incident" in reasons
    assert "Sur place (Caen)" in reasons
    assert "Siège en Normandie" in reasons
    assert "Label ExpertCyber" in reasons
    assert "Adhérent du réseau" in reasons
    assert "Astreinte : intervention sous 2 h" in reasons
    assert result[0].weights_version == Weights().version
    assert math.isclose(result[0].score, sum(v for _, v in result[0].contributions), abs_tol=1e-6)


def test_distance_reason_in_km(incident: NeedProfile) -> None:
    rouen = cyber("r", lat=49.4413, lon=1.0926, commune_name="Rouen")
    (only,) = rank(incident, [rouen])
    assert only.distance_km is not None and 100 < only.distance_km < 120
    assert f"À {round(only.distance_km)} km (Rouen)" in only.reasons


def test_missing_required_label_is_said(incident: NeedProfile) -> None:
    (only,) = rank(incident, [cyber("x", labels=frozenset())])
    assert "Label attendu absent : PRIS ou ExpertCyber" in only.reasons


def test_deterministic_and_ties_broken_by_id(incident: NeedProfile) -> None:
    clones = [cyber(i) for i in ("b", "c", "a", "e", "d")]
    first = rank(incident, clones)
    assert [r.id for r in first] == ["a", "b", "c", "d", "e"]
    assert len({r.score for r in first}) == 1
    assert rank(incident, list(reversed(clones))) == first


@given(st.floats(0, 500), st.floats(0, 500), st.floats(1, 200))
def test_distance_decay_is_monotone(d1: float, d2: float, tau: float) -> None:
    near, far = sorted((d1, d2))
    assert distance_decay(near, tau) >= distance_decay(far, tau)
    assert 0.0 <= distance_decay(far, tau) <= 1.0
    assert distance_decay(None, tau) == 0.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=2, max_size=6, unique=True))
def test_farther_never_ranks_above_nearer_all_else_equal(
    incident: NeedProfile, offsets: list[int]
) -> None:
    # offsets in hundredths of a degree of longitude (≈ 0.73 km each at this latitude)
    cands = [cyber(f"id{i}", lon=CAEN[1] + off / 100) for i, off in enumerate(offsets)]
    ranked = rank(incident, cands)
    distances = [r.distance_km for r in ranked]
    assert all(d is not None for d in distances)
    assert distances == sorted(distances)  # type: ignore[type-var]  # all floats, checked above


def test_capacity_excludes_or_penalises(incident: NeedProfile) -> None:
    full = cyber("full", capacity=3, open_introductions=3)
    free = cyber("free", capacity=3, open_introductions=1, lat=49.4, lon=1.1)  # farther away
    assert [r.id for r in rank(incident, [full, free])] == ["free"]
    kept, excluded = screen([full, free], RankContext())
    assert [c.id for c in kept] == ["free"]
    assert [(e.id, e.reason) for e in excluded] == [("full", "capacité atteinte")]
    soft = Weights(exclude_at_capacity=False)
    ranked = rank(incident, [full, free], weights=soft)
    assert [r.id for r in ranked] == ["free", "full"]
    assert "Capacité atteinte (3 demandes en cours)" in ranked[1].reasons
    assert dict(ranked[1].contributions)["capacity"] == -soft.capacity_penalty


def test_load_lowers_the_score(incident: NeedProfile) -> None:
    idle = cyber("b", capacity=5, open_introductions=0)
    busy = cyber("a", capacity=5, open_introductions=4)
    ranked = rank(incident, [busy, idle])
    assert [r.id for r in ranked] == ["b", "a"]
    assert "Charge : 4 demandes en cours sur 5" in ranked[1].reasons


def test_fair_rotation_among_comparable_candidates(incident: NeedProfile) -> None:
    often = cyber("a", recent_exposures=6)
    rarely = cyber("b", recent_exposures=1)
    ranked = rank(incident, [often, rarely])
    assert [r.id for r in ranked] == ["b", "a"]
    assert "Déjà proposé 6 fois récemment (rotation)" in ranked[1].reasons
    assert dict(ranked[0].contributions)["rotation"] == 0.0


def test_rotation_never_buries_a_clearly_better_match(incident: NeedProfile) -> None:
    best = cyber("a", recent_exposures=10, is_member=True, on_call=True, response_hours=1)
    weak = Candidate("b", "Web", domains=frozenset({"web"}), lat=CAEN[0], lon=CAEN[1])
    ranked = rank(incident, [best, weak])
    assert ranked[0].id == "a"
    assert dict(ranked[0].contributions)["rotation"] == 0.0  # not comparable: no penalty


def test_conflicts_of_interest_are_excluded(incident: NeedProfile) -> None:
    cands = [
        cyber("self"),
        cyber("declared", conflict_ids=frozenset({"self"})),
        cyber("same-owner", owner_ids=frozenset({"p1"})),
        cyber("staff-excluded"),
        cyber("ok"),
    ]
    ctx = RankContext(
        requester_id="self",
        requester_owner_ids=frozenset({"p1"}),
        excluded_ids=frozenset({"staff-excluded"}),
    )
    assert [r.id for r in rank(incident, cands, context=ctx)] == ["ok"]
    _, excluded = screen(cands, ctx)
    assert {e.id: e.reason for e in excluded} == {
        "declared": "conflit d'intérêts déclaré",
        "same-owner": "mêmes dirigeants que le demandeur",
        "self": "c'est le demandeur",
        "staff-excluded": "exclu par l'équipe",
    }


def test_sovereignty_order(incident: NeedProfile) -> None:
    region = cyber("a")
    france = cyber("b", hq_region="11")
    eu = cyber("c", hq_region="", hq_country="DE")
    elsewhere = cyber("d", hq_region="", hq_country="US")
    ranked = rank(incident, [elsewhere, eu, france, region])
    assert [r.id for r in ranked] == ["a", "b", "c", "d"]
    assert "Siège en France" in ranked[1].reasons
    assert "Siège à l'étranger (US)" in ranked[3].reasons


def test_past_outcomes_are_smoothed(incident: NeedProfile) -> None:
    lucky = cyber(
        "a",
        outcomes=Outcomes(
            accepted=1, declined=0, contracts=1, satisfaction_mean=5.0, satisfaction_count=1
        ),
    )
    proven = cyber(
        "b",
        outcomes=Outcomes(
            accepted=30, declined=2, contracts=20, satisfaction_mean=4.6, satisfaction_count=20
        ),
    )
    ranked = rank(incident, [lucky, proven])
    assert ranked[0].id == "b"
    assert (
        "Historique : 30 mises en relation acceptées sur 32, 20 contrats, satisfaction 4,6/5"
        in ranked[0].reasons
    )
    assert smoothed_rate(0, 0, 0.5, 4.0) == 0.5


def test_text_scores_are_normalised(incident: NeedProfile) -> None:
    ctx = RankContext(text_scores={"a": 12.0, "b": 6.0})
    ranked = rank(incident, [cyber("a"), cyber("b")], context=ctx)
    assert dict(ranked[0].contributions)["text"] == Weights().text
    assert dict(ranked[1].contributions)["text"] == pytest.approx(Weights().text / 2)


def test_training_bodies_only_for_training_needs(lexicon: Lexicon, places: Gazetteer) -> None:
    school = cyber("school", kind="school")
    firm = cyber("firm", kind="company", lat=49.4, lon=1.1)  # farther, but a provider
    project = analyse_need("audit de sécurité à Caen", lexicon=lexicon, places=places)
    assert rank(project, [school, firm])[0].id == "firm"
    training = analyse_need(
        "former nos salariés à la cybersécurité à Caen", lexicon=lexicon, places=places
    )
    assert rank(training, [school, firm])[0].id == "school"


def test_limit(incident: NeedProfile) -> None:
    ranked = rank(incident, [cyber(str(i)) for i in range(10)], context=RankContext(limit=3))
    assert [r.id for r in ranked] == ["0", "1", "2"]


@dataclass(frozen=True)
class TrainingProgramme:
    """Another catalogue: adapts itself to the engine through `as_candidate`."""

    code: str
    title: str
    topics: tuple[str, ...]

    def as_candidate(self) -> Candidate:
        return Candidate(
            id=self.code,
            name=self.title,
            domains=frozenset({"formation", "cybersecurite"})
            if "cyber" in self.code
            else frozenset({"formation"}),
            skills=terms(self.title, *self.topics),
            kind="training_body",
            labels=frozenset({"qualiopi"}),
        )


def test_offers_of_any_type_go_through_the_same_engine(lexicon: Lexicon, places: Gazetteer) -> None:
    need = analyse_need("former nos salariés au phishing", lexicon=lexicon, places=places)
    offers = [
        TrainingProgramme("excel-1", "Excel avancé", ("bureautique",)),
        TrainingProgramme(
            "cyber-1", "Sensibilisation à la cybersécurité", ("hameçonnage", "phishing")
        ),
    ]
    ranked = rank_offers(need, offers)
    assert [r.id for r in ranked] == ["cyber-1", "excel-1"]
    assert "Label Qualiopi" in ranked[0].reasons


def test_bad_weights_and_duplicate_ids_are_refused(incident: NeedProfile) -> None:
    with pytest.raises(ValueError, match="tau_km"):
        Weights(tau_km=0)
    with pytest.raises(ValueError, match="rotation_band"):
        Weights(rotation_band=-0.1)
    with pytest.raises(ValueError, match="unique"):
        rank(incident, [cyber("a"), cyber("a")])


def test_domain_names_in_reasons_keep_acronyms(lexicon: Lexicon, places: Gazetteer) -> None:
    need = analyse_need("capteurs connectés et site web à Caen", lexicon=lexicon, places=places)
    both = Candidate("a", "A", domains=frozenset({"iot", "web"}), lat=CAEN[0], lon=CAEN[1])
    (only,) = rank(need, [both])
    assert only.reasons[0] == "Compétences : IoT et industrie 4.0, web et e-commerce"
