"""`maillage training import`: idempotent, links providers, classifies, refuses bad files whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import Organisation
from maillage.training.models import Programme, TrainingSession

pytestmark = pytest.mark.django_db


def _import(fmt: str, path: Path) -> dict[str, int]:
    out = io.StringIO()
    call_command("training_import", "--format", fmt, str(path), "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]  # our own JSON report


def test_lheo_import_is_idempotent_and_links_provider(
    training_fixtures: Path, mini_opendata: None
) -> None:
    org = Organisation.objects.create(name="Numérique Formation Caen", siret="73282932000074")
    first = _import("lheo", training_fixtures / "lheo.xml")
    assert (first["created"], first["linked_to_directory"]) == (2, 1)
    web = Programme.objects.get(external_id="AF_1_SE_1")
    assert web.organisation == org and web.rome_codes == ["M1805"] and web.rome_from == "data"
    assert TrainingSession.objects.filter(programme=web).count() == 2
    soc = Programme.objects.get(external_id="AF_2_SE_2")
    # no ROME code in the data: the classifier fills it in from the title
    assert soc.rome_from == "classifier" and soc.rome_codes[0] == "M1844"
    again = _import("lheo", training_fixtures / "lheo.xml")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert TrainingSession.objects.count() == 2


def test_staff_edits_are_kept(training_fixtures: Path, tmp_path: Path) -> None:
    _import("rncp", training_fixtures / "rncp.csv")
    Programme.objects.filter(external_id="RNCP35295").update(title="Titre revu", staff_edited=True)
    changed = tmp_path / "rncp.csv"
    changed.write_text(
        (training_fixtures / "rncp.csv").read_text().replace("Technicien réseaux IP", "Autre"),
        encoding="utf-8",
    )
    report = _import("rncp", changed)
    assert report["kept_staff_edits"] == 1
    assert Programme.objects.get(external_id="RNCP35295").title == "Titre revu"


def test_broken_file_changes_nothing(training_fixtures: Path, tmp_path: Path) -> None:
    _import("cpf", training_fixtures / "cpf.csv")
    before = (Programme.objects.count(), TrainingSession.objects.count())
    bad = tmp_path / "cpf.csv"
    bad.write_text(
        (training_fixtures / "cpf.csv").read_text() + "Nouveau,XX,10,1.0,14000,,0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="bad ROME 'XX'"):
        _import("cpf", bad)
    assert (Programme.objects.count(), TrainingSession.objects.count()) == before
    assert ImportRun.objects.filter(kind="training:cpf", status=RunStatus.FAILED).count() == 1


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        _import("rncp", tmp_path / "absent.csv")


@pytest.mark.shared_data
def test_real_secnumedu_and_lheo(shared_data: Path) -> None:
    d = shared_data / "formation"
    assert _import("secnumedu", d / "secnumedu_formations_labellisees.csv")["created"] == 111
    assert _import("lheo", d / "echantillon_intercarif_lheo_bob_emploi.xml")["created"] == 10
    assert _import("lheo", d / "echantillon_intercarif_lheo_bob_emploi.xml")["unchanged"] == 10
