"""Table-driven eligibility of directory organisations (through the adapters) for stored calls:
the perimeter hierarchy, audiences by kind and size band, deadlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from maillage.directory.models import Organisation
from maillage.funding.adapters import call_record, eligibility_organisation
from maillage.funding.models import FundingCall
from maillage.funding.services import calls_import
from maillage_core.funding.eligibility import Verdict, assess
from tests.web.builders import build_world

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"
TODAY = date(2026, 12, 1)


@pytest.fixture
def loaded() -> None:
    build_world()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")


@pytest.mark.parametrize(
    ("organisation", "call", "verdict", "reason"),
    [
        # Manche call: open to Cherbourg (50), not to Caen (14)
        ("Cotentin Numérique", "manche-num", Verdict.ELIGIBLE, "Manche"),
        ("Cyberdéfense Normande", "manche-num", Verdict.NOT_ELIGIBLE, "Manche"),
        # Calvados call: Caen yes, Cherbourg no
        ("Cyberdéfense Normande", "ia-calvados", Verdict.ELIGIBLE, ""),
        ("Cotentin Numérique", "ia-calvados", Verdict.NOT_ELIGIBLE, "Calvados"),
        # Normandy region, TPE/PME: a company of 20–49 employees (band 12) in Caen is a PME
        ("Cyberdéfense Normande", "cyber-norm", Verdict.ELIGIBLE, ""),
        # a training body is not a company: not in the audience
        ("Lexovie Formation", "cyber-norm", Verdict.NOT_ELIGIBLE, "public"),
        # deadline passed
        ("Cotentin Numérique", "export-old", Verdict.NOT_ELIGIBLE, "dépassée"),
    ],
)
def test_directory_organisation_eligibility(
    loaded: None, organisation: str, call: str, verdict: Verdict, reason: str
) -> None:
    org = Organisation.objects.get(name=organisation)
    result = assess(
        eligibility_organisation(org),
        call_record(FundingCall.objects.get(external_id=call)),
        today=TODAY,
    )
    assert result.verdict is verdict, result.criteria
    assert reason in " ".join(result.reasons)
