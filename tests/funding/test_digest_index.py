"""Parity: the in-memory index of a digest run selects exactly what `call_search` selects."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from maillage.funding.digest_index import NewCallIndex
from maillage.funding.models import FundingCall
from maillage.funding.selectors import CallFilters, call_search
from maillage.funding.services import calls_import
from tests.web.builders import build_geo

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"

FILTERS = [
    CallFilters(),
    CallFilters(open_now=True),
    CallFilters(closing_within=30),
    CallFilters(themes=("numerique",)),
    CallFilters(themes=("ia", "export"), open_now=True),
    CallFilters(audiences=("pme",)),
    CallFilters(audiences=("entreprise", "commune"), aid_types=("subvention",)),
    CallFilters(aid_types=("ingenierie",)),
    CallFilters(perimeter="50502"),
    CallFilters(perimeter="14118", open_now=True),
    CallFilters(perimeter="75056"),
    CallFilters(funder="Région Normandie"),
    CallFilters(text="numerique"),
    CallFilters(text="aide site"),
    CallFilters(text="patrimoine", open_now=True),
]


def _load(shared: Path | None) -> None:
    build_geo()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="a")
    calls_import(
        format_name="csv",
        data=(APP / "appels_autre_source.csv").read_bytes(),
        source="partenaire",
        source_label="b",
    )
    if shared is not None:
        path = shared / "aides" / "aides_territoires_export_echantillon.csv"
        calls_import(format_name="aides-territoires-csv", data=path.read_bytes(), source_label="c")


def _check() -> None:
    today = timezone.localdate()
    now = timezone.now()
    # half the calls are "older" than the cut-off of the digest
    for i, pk in enumerate(FundingCall.objects.order_by("id").values_list("id", flat=True)):
        FundingCall.objects.filter(pk=pk).update(created_at=now - timedelta(days=2 + i % 2))
    since = now - timedelta(days=2, hours=12)
    index = NewCallIndex(since=now - timedelta(days=10), today=today)
    for filters in FILTERS:
        expected = set(
            call_search(filters, today=today)
            .filter(created_at__gt=since)
            .values_list("id", flat=True)
        )
        assert set(index.match(filters, since)) == expected, filters


def test_parity_on_fixture_calls() -> None:
    _load(None)
    _check()


@pytest.mark.shared_data
def test_parity_on_the_real_export(shared_data: Path) -> None:
    _load(shared_data)
    assert FundingCall.objects.count() > 60
    _check()
