from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.intake import (
    MAX_NEED_TEXT,
    IntakeError,
    PriorNeed,
    find_duplicate,
    similarity,
    spam_score,
    validate_need_text,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "aide",
        "x" * (MAX_NEED_TEXT + 1),
        "binaire\x00\x01\x02 données ici",
        "a\x07b c d",
    ],
)
def test_bad_texts_get_a_french_reason(text: str) -> None:
    with pytest.raises(IntakeError) as err:
        validate_need_text(text)
    assert str(err.value)[0].isupper()


def test_html_and_sql_like_text_is_kept_verbatim_for_escaping_later() -> None:
    text = "<script>alert(1)</script> '; DROP TABLE needs; -- besoin d'un site web"
    assert validate_need_text(text) == text


def test_spam_signals() -> None:
    assert spam_score("Nous cherchons un prestataire pour sécuriser notre réseau") == 0.0
    assert spam_score("BEST CASINO BONUS http://a.example http://b.example http://c.example") == 1.0
    assert 0.3 <= spam_score("voir www.example.com pour notre projet de site") < 0.5


@given(st.text(max_size=300))
def test_spam_score_is_bounded(text: str) -> None:
    assert 0.0 <= spam_score(text) <= 1.0


def test_similarity_ignores_accents_and_plurals() -> None:
    assert similarity("Audit de cybersécurité des serveurs", "audit cybersecurite serveur") == 1.0
    assert similarity("site marchand", "maintenance prédictive") == 0.0


def test_duplicate_within_three_weeks_only() -> None:
    prior = [
        PriorNeed(
            1, "Nous voulons un audit de cybersécurité de nos serveurs", NOW - timedelta(days=30)
        ),
        PriorNeed(
            2, "Nous voulons un audit de cybersécurité de nos serveurs", NOW - timedelta(days=5)
        ),
        PriorNeed(3, "Refonte du site internet de la mairie", NOW - timedelta(days=1)),
    ]
    assert find_duplicate("audit cybersécurité de nos serveurs svp", now=NOW, prior=prior) == 2
    assert find_duplicate("refonte de notre site internet", now=NOW, prior=prior[:2]) is None
    assert find_duplicate("audit cybersécurité serveurs", now=NOW, prior=prior[:1]) is None
