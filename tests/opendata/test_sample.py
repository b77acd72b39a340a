"""The bundled commune sample: enough for `make run` without the official files."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from maillage.opendata.models import Commune, CommunePostcode

pytestmark = pytest.mark.django_db


def test_sample_loads_normandy_communes_once() -> None:
    out = io.StringIO()
    call_command("opendata_load_sample", stdout=out)
    assert "156 communes created" in out.getvalue()
    caen = Commune.objects.get(insee="14118")
    assert (caen.department_id, caen.region_id, caen.name) == ("14", "28", "Caen")
    assert Commune.objects.filter(region_id="28").count() == 142
    assert CommunePostcode.objects.filter(commune=caen).exists()
    call_command("opendata_load_sample", stdout=out)
    assert Commune.objects.count() == 156


def test_demo_runs_on_the_sample() -> None:
    call_command("opendata_load_sample", stdout=io.StringIO())
    call_command("demo", "--organisations", "200", "--no-index", stdout=io.StringIO())
    from maillage.directory.models import Organisation

    assert Organisation.objects.filter(is_demo=True, commune__region_id="28").count() == 200
