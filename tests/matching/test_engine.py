"""The matching engine on a small indexed directory: ranking, reasons, exclusions, capacity,
rotation inputs, stored suggestions, emergencies, and bounded queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.directory.models import Organisation
from maillage.matching import adapters
from maillage.matching.engine import (
    MatchError,
    match,
    need_analyse,
    need_profile_for,
    need_suggest,
    place_resolve,
)
from maillage.matching.models import (
    ConflictOfInterest,
    Introduction,
    Need,
    ProviderCapacity,
    Suggestion,
)
from maillage.opendata.models import Commune
from maillage_core.matching import DEFAULT_WEIGHTS, EmptyNeedError
from maillage_core.pipeline import State
from maillage_core.text import analyse
from tests.matching.engine_directory import indexed_directory, use_fresh_index

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
Dir = dict[str, Organisation]


@pytest.fixture
def directory(db: None, settings: Any, tmp_path: Path) -> Dir:
    return indexed_directory(settings, tmp_path)


def names(ranked: list[Any]) -> list[str]:
    return [r.name for r in ranked]


def new_need(text: str, **extra: Any) -> Need:
    return Need.objects.create(
        text=text,
        contact_name="Dominique Martin",
        contact_email="d.martin@exemple.test",
        consent_at=NOW,
        **extra,
    )


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("On s'est fait pirater ce matin à Caen, nos fichiers sont chiffrés", "cyber_caen"),
        ("Nous voulons un site marchand pour notre boutique de Rouen", "web_rouen"),
        ("PME industrielle à Évreux : IA pour la maintenance prédictive", "ia_evreux"),
        ("Audit de sécurité et test d'intrusion de notre SI, on est à Rouen", "cyber_rouen"),
        ("former nos salariés a la cybersecurite, on est a Caen", "formation_caen"),
    ],
)
def test_the_right_provider_comes_first(directory: Dir, text: str, best: str) -> None:
    ranked = match(text, limit=5)
    assert ranked[0].id == str(directory[best].pk), names(ranked)
    assert ranked[0].reasons, "every result says why"
    assert ranked[0].weights_version == DEFAULT_WEIGHTS.version


def test_reasons_and_distance_are_reported(directory: Dir) -> None:
    ranked = match("incident rançongiciel ce matin à Caen", limit=3)
    first = ranked[0]
    assert first.distance_km is not None and first.distance_km < 1
    assert any(r.startswith("Compétences") for r in first.reasons)
    assert any("Astreinte" in r for r in first.reasons)
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_the_given_place_is_never_overridden_by_the_text(directory: Dir) -> None:
    near_caen = match("création d'un site vitrine", commune="14118", limit=2)
    assert near_caen[0].id == str(directory["web_caen"].pk)
    # A given commune is final: "à Rouen" in the text does not move the need.
    given_wins = match("création d'un site e-commerce à Rouen", commune="14118", limit=1)
    assert given_wins[0].id == str(directory["web_caen"].pk)
    # A given département is refined by a commune of it named in the text.
    refined = match("création d'un site e-commerce à Rouen", department="76", limit=1)
    assert refined[0].id == str(directory["web_rouen"].pk)
    # Without a given place, a commune of the served region named in the text is used.
    assert match("création d'un site e-commerce à Rouen", limit=1)[0].id == str(
        directory["web_rouen"].pk
    )
    assert place_resolve(postcode="76000") is not None
    assert place_resolve(department="14") is not None


def test_most_precise_given_place_wins_and_pairs_must_agree(directory: Dir) -> None:
    both = place_resolve(commune="14118", postcode="14000", department="14")
    assert both is not None and (both.kind, both.code, both.source) == ("commune", "14118", "given")
    by_postcode = place_resolve(postcode="76000", department="76")
    assert by_postcode is not None and by_postcode.kind == "postcode"
    with pytest.raises(MatchError, match="pas dans le département 27"):
        place_resolve(commune="14118", department="27")
    with pytest.raises(MatchError, match="pas le code postal 76000"):
        place_resolve(commune="14118", postcode="76000")
    with pytest.raises(MatchError, match="code postal 14000 n'est pas dans le département 76"):
        place_resolve(postcode="14000", department="76")


@pytest.mark.parametrize(
    "kwargs",
    [{"commune": "99999"}, {"postcode": "00000"}, {"department": "ZZ"}, {"commune": "14118",
     "department": "27"}],
)  # fmt: skip
def test_bad_places_are_refused(directory: Dir, kwargs: dict[str, Any]) -> None:
    with pytest.raises(MatchError):
        match("site vitrine", **kwargs)


def test_empty_need_and_bad_limit(directory: Dir) -> None:
    with pytest.raises(EmptyNeedError):
        match("  ... !!! ")
    with pytest.raises(MatchError):
        match("site vitrine", limit=0)
    with pytest.raises(MatchError):
        match("site vitrine", limit=1000)


def test_declared_conflicts_exclude_both_ways(directory: Dir) -> None:
    requester = directory["ia_lehavre"]
    text = "rançongiciel ce matin à Caen"
    assert match(text, limit=1, requester=requester)[0].id == str(directory["cyber_caen"].pk)
    ConflictOfInterest.objects.create(
        organisation=directory["cyber_caen"], other_organisation=requester, reason="associés"
    )
    ids = {r.id for r in match(text, limit=10, requester=requester)}
    assert str(directory["cyber_caen"].pk) not in ids
    assert str(directory["cyber_caen"].pk) in {r.id for r in match(text, limit=10)}
    ConflictOfInterest.objects.all().delete()
    ConflictOfInterest.objects.create(
        organisation=requester, other_organisation=directory["cyber_paris"], reason="client"
    )
    ids = {r.id for r in match(text, limit=10, requester=requester)}
    assert str(directory["cyber_paris"].pk) not in ids
    assert str(directory["cyber_caen"].pk) in ids


def test_requester_and_its_other_establishments_are_excluded(directory: Dir) -> None:
    web = directory["web_rouen"]
    sibling = Organisation.objects.create(
        name="Atelier Boutique Web (Caen)", siren=web.siren, source="test", external_id="sib"
    )
    ids = {r.id for r in match("site marchand à Rouen", limit=10, requester=sibling)}
    assert str(web.pk) not in ids
    ids = {r.id for r in match("site marchand à Rouen", limit=10, requester=web)}
    assert str(web.pk) not in ids and ids


def test_staff_exclusions(directory: Dir) -> None:
    best = directory["web_rouen"]
    ranked = match("site marchand à Rouen", limit=10, exclude_ids=[best.pk])
    assert str(best.pk) not in {r.id for r in ranked}


def _open_intro(provider: Organisation, text: str = "autre besoin") -> Introduction:
    return Introduction.objects.create(need=new_need(text), provider=provider, sent_at=NOW)


def test_capacity_is_respected(directory: Dir) -> None:
    best = directory["web_rouen"]
    _open_intro(best)
    ProviderCapacity.objects.create(organisation=best, max_open_introductions=2)
    ranked = match("site marchand à Rouen", limit=10)
    assert ranked[0].id == str(best.pk)
    assert "Charge : 1 demande en cours sur 2" in ranked[0].reasons
    _open_intro(best, "encore un autre besoin")
    assert str(best.pk) not in {r.id for r in match("site marchand à Rouen", limit=10)}
    # A closed introduction frees the place again.
    Introduction.objects.filter(provider=best).update(state=State.DECLINED)
    assert match("site marchand à Rouen", limit=1)[0].id == str(best.pk)


def test_outcomes_exposures_and_capacity_come_from_the_tables(directory: Dir) -> None:
    web, other = directory["web_rouen"], directory["web_caen"]
    for i, (state, amount, satisfaction) in enumerate(
        [
            (State.SURVEYED, Decimal("9000"), 5),
            (State.CLOSED, Decimal("4000"), 4),
            (State.LOST, None, None),
            (State.DECLINED, None, None),
            (State.EXPIRED, None, None),
            (State.SENT, None, None),
        ]
    ):
        Introduction.objects.create(
            need=new_need(f"besoin {i}"),
            provider=web,
            sent_at=NOW - timedelta(days=60 if i < 5 else 1),
            state=state,
            contract_amount=amount,
            contract_on=NOW.date() if amount else None,
            satisfaction=satisfaction,
        )
    recent = new_need("besoin suggéré")
    Suggestion.objects.create(need=recent, organisation=web, rank=1, score=1.0, weights_version="v")
    ProviderCapacity.objects.create(organisation=web, max_open_introductions=4)
    found = {c.id: c for c in adapters.organisation_candidates([web.pk, other.pk], now=NOW)}
    c = found[str(web.pk)]
    assert (c.outcomes.accepted, c.outcomes.declined, c.outcomes.contracts) == (3, 2, 2)
    assert c.outcomes.satisfaction_mean == 4.5 and c.outcomes.satisfaction_count == 2
    assert (c.open_introductions, c.capacity) == (1, 4)
    assert c.recent_exposures == 2  # the suggestion and the introduction sent yesterday
    assert c.labels == frozenset() and c.domains == {"web"}
    assert set(analyse("boutique en ligne, sites e-commerce, Rouen")) <= c.skills
    assert found[str(other.pk)].recent_exposures == 0
    again = adapters.organisation_candidates([web.pk], now=NOW, exclude_need_id=recent.pk)
    assert again[0].recent_exposures == 1


def test_candidate_adaptation_runs_a_fixed_number_of_queries(directory: Dir) -> None:
    base = directory["cyber_rouen"]
    extra = Organisation.objects.bulk_create(
        Organisation(name=f"Prestataire {i}", source="bulk", external_id=str(i), siren="")
        for i in range(200)
    )
    through = Organisation.domains.through
    through.objects.bulk_create(through(organisation_id=o.pk, domain_id="web") for o in extra)
    for o in extra[:50]:
        _open_intro(o, f"besoin {o.pk}")
    ids = [o.pk for o in extra] + [base.pk]
    with CaptureQueriesContext(connection) as few:
        adapters.organisation_candidates(ids[:5], now=NOW, requester_id=base.pk)
    with CaptureQueriesContext(connection) as many:
        got = adapters.organisation_candidates(ids, now=NOW, requester_id=base.pk)
    assert len(got) == 201
    assert len(many.captured_queries) == len(few.captured_queries) <= 8


def test_need_suggest_stores_ranked_suggestions(directory: Dir) -> None:
    need = new_need(
        "Notre boulangerie veut un site marchand pour vendre en ligne",
        commune=Commune.objects.get(insee="76540"),
    )
    stored = need_suggest(need=need, limit=4)
    rows = list(Suggestion.objects.filter(need=need).order_by("rank"))
    # Only organisations the index retrieves are ranked: here the two web agencies.
    assert [s.rank for s in rows] == [1, 2] == [s.rank for s in stored]
    assert rows[0].organisation_id == directory["web_rouen"].pk
    assert all(s.weights_version == DEFAULT_WEIGHTS.version for s in rows)
    assert rows[0].reasons and "domain" in rows[0].contributions
    assert rows[0].distance_km is not None and rows[0].distance_km < 1
    assert [s.score for s in rows] == sorted((s.score for s in rows), reverse=True)
    need.refresh_from_db()
    assert need.profile["place"]["code"] == "76540"
    assert need.profile["place"]["evidence"] == "adresse du demandeur"
    assert need.profile["domains"][0]["key"] == "web"
    # Running it again replaces the suggestions (and the earlier ones are not exposures).
    need_suggest(need=need, limit=4)
    assert Suggestion.objects.filter(need=need).count() == 2
    assert Suggestion.objects.get(need=need, rank=1).organisation_id == rows[0].organisation_id


def test_staff_corrected_profile_is_kept(directory: Dir) -> None:
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("staff", "s@exemple.test", "x" * 12)
    need = new_need("site marchand", profile={"corrected": True}, profile_corrected_by=staff)
    need_suggest(need=need, limit=2)
    need.refresh_from_db()
    assert need.profile == {"corrected": True}


def test_emergency_need_goes_to_on_call_responders_only(directory: Dir) -> None:
    caen = Commune.objects.get(insee="14118")
    need = new_need(
        "Virus sur nos postes, tout est bloqué", commune=caen, is_emergency=True,
        incident_type="ransomware",
    )  # fmt: skip
    stored = need_suggest(need=need, limit=10)
    # Paris is beyond its declared 150 km: only the Caen responder is left.
    assert [s.organisation_id for s in stored] == [directory["cyber_caen"].pk]
    # Nobody handles phishing: the need is ranked among everyone rather than left empty.
    need.incident_type = "phishing"
    assert len(need_suggest(need=need, limit=10)) > 1


def test_text_read_as_an_incident_ranks_everyone(directory: Dir) -> None:
    ranked = match("rançongiciel ce matin, tout est chiffré", commune="14118", limit=10)
    assert ranked[0].id == str(directory["cyber_caen"].pk)
    assert len(ranked) > 2


def test_need_profile_for_uses_the_need_commune(directory: Dir) -> None:
    need = new_need("audit de sécurité", commune=Commune.objects.get(insee="27229"))
    profile = need_profile_for(need)
    assert profile.place is not None and profile.place.code == "27229"
    located = need_profile_for(new_need("audit de sécurité à Rouen"))
    assert located.place is not None and located.place.code == "76540"


def test_gazetteer_follows_the_commune_table(directory: Dir) -> None:
    assert need_analyse("site vitrine à Zorglubville").place is None
    Commune.objects.create(
        insee="14999",
        name="Zorglubville",
        department_id="14",
        region_id="28",
        latitude=49.0,
        longitude=-0.5,
    )
    place = need_analyse("site vitrine à Zorglubville").place
    assert place is not None and place.code == "14999"


def test_no_index_gives_no_result(db: None, settings: Any, tmp_path: Path) -> None:
    use_fresh_index(settings, tmp_path)
    assert match("site marchand") == []


def test_terms_present_is_exact_across_query_batches(directory: Dir) -> None:
    from maillage.matching.retrieval import TERMS_PER_QUERY, terms_present
    from maillage.search.selectors import organisation_documents

    indexed = {
        d.id: set(analyse(" ".join([d.name, *d.tags, *d.body])))
        for d in organisation_documents([o.pk for o in directory.values()])
    }
    vocabulary = sorted(set().union(*indexed.values()))
    terms = [*vocabulary[: 2 * TERMS_PER_QUERY + 3], "zzzabsent"]
    ids = sorted(indexed)[:-1]  # one organisation left out of the restriction
    found = terms_present(ids, terms)
    expected = {i: frozenset(indexed[i] & set(terms)) for i in ids}
    assert found == {i: t for i, t in expected.items() if t}


def test_expired_labels_do_not_count(directory: Dir) -> None:
    from maillage.directory.models import OrganisationLabel

    audit = directory["cyber_rouen"]
    OrganisationLabel.objects.filter(organisation=audit).update(valid_to=NOW.date())
    assert adapters.organisation_candidates([audit.pk], now=NOW)[0].labels == {"passi"}
    later = NOW + timedelta(days=1)
    assert adapters.organisation_candidates([audit.pk], now=later)[0].labels == frozenset()
