"""Offer and BMO imports: parsed, classified, idempotent; bad files refused whole; snapshots."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.observatory import snapshots
from maillage.observatory.models import BmoProject, JobOffer, Snapshot
from maillage.observatory.parsers import InputError, parse_bmo, parse_offers_csv, parse_offers_json
from maillage.observatory.services import snapshots_take

pytestmark = pytest.mark.django_db


def _cmd(name: str, *args: str) -> dict[str, int]:
    out = io.StringIO()
    call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]  # our own JSON


def test_france_travail_import_classifies_and_is_idempotent(
    mini_opendata: None, obs_fixtures: Path
) -> None:
    path = str(obs_fixtures / "offers_ft.json")
    assert _cmd("observatory_import_offers", "--format", "france-travail", path)["created"] == 3
    soc = JobOffer.objects.get(external_id="100AAB")
    assert soc.rome_code == "" and soc.rome_codes[0] == "M1844" and soc.rome == "M1844"
    assert (soc.department, soc.month) == ("50", "2026-03")
    again = _cmd("observatory_import_offers", "--format", "france-travail", path)
    assert (again["created"], again["unchanged"]) == (0, 3)


def test_csv_import(mini_opendata: None, obs_fixtures: Path) -> None:
    _cmd("observatory_import_offers", "--format", "csv", str(obs_fixtures / "offers.csv"))
    assert sorted(JobOffer.objects.values_list("department", flat=True)) == ["14", "75"]


def test_bad_offer_file_changes_nothing(mini_opendata: None, tmp_path: Path) -> None:
    bad = tmp_path / "o.json"
    bad.write_text('[{"id": "1", "intitule": "a"}, {"id": "1", "intitule": "b"}]')
    with pytest.raises(CommandError, match="duplicate id"):
        _cmd("observatory_import_offers", "--format", "france-travail", str(bad))
    assert JobOffer.objects.count() == 0


@pytest.mark.parametrize(
    ("parser", "data", "reason"),
    [
        (parse_offers_json, b"{oops", "not valid JSON"),
        (parse_offers_json, b'{"x": 1}', "expected a list"),
        (parse_offers_json, b'[{"intitule": "a"}]', "'id' is missing"),
        (parse_offers_json, b'[{"id": "1", "intitule": "a", "romeCode": "XX"}]', "not a ROME"),
        (parse_offers_csv, b"id;intitule\n1;a\n", "wrong delimiter"),
        (parse_offers_csv, b"id,intitule\n1,a,b\n", "wrong number of fields"),
        (parse_offers_csv, b"id,intitule,commune\n1,a,Caen\n", "not an INSEE code"),
        (parse_bmo, b"annee,met\n2025,1\n", "missing column"),
    ],
)
def test_broken_inputs(parser: object, data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        parser(data)  # type: ignore[operator]  # a parser from the list above


def test_bmo_parse_and_import(obs_fixtures: Path) -> None:
    rows = parse_bmo((obs_fixtures / "bmo.csv").read_bytes())
    assert [(r.department, r.projects, r.difficult, r.seasonal) for r in rows] == [
        ("14", 120, 80, 0), ("50", 40, 10, 0), ("14", 60, 30, 5),
    ]  # fmt: skip
    assert _cmd("observatory_import_bmo", str(obs_fixtures / "bmo.csv"))["rows"] == 3
    _cmd("observatory_import_bmo", str(obs_fixtures / "bmo.csv"))
    assert BmoProject.objects.count() == 3
    broken = (obs_fixtures / "bmo.csv").read_text().replace(",40,10,", ",40,50,")
    with pytest.raises(InputError, match="more difficult"):
        parse_bmo(broken.encode())


def test_snapshots_are_parquet_read_by_duckdb(mini_opendata: None, obs_fixtures: Path) -> None:
    _cmd(
        "observatory_import_offers",
        "--format",
        "france-travail",
        str(obs_fixtures / "offers_ft.json"),
    )
    _cmd("observatory_import_bmo", str(obs_fixtures / "bmo.csv"))
    taken = snapshots_take(today=date(2026, 4, 2))
    assert {s.kind: s.rows for s in taken} == {"offers": 3, "bmo": 3, "supply": 0, "unmet": 0}
    offers = Snapshot.objects.get(kind="offers")
    by_dep = snapshots.query(
        "SELECT department, count(*) FROM t GROUP BY 1 ORDER BY 1", Path(offers.path)
    )
    assert by_dep == [("14", 2), ("50", 1)]
    snapshots_take(today=date(2026, 4, 2))  # same day again: replaced, not duplicated
    assert Snapshot.objects.filter(kind="offers").count() == 1


@pytest.mark.shared_data
def test_real_offer_files_and_bmo(shared_data: Path) -> None:
    d = shared_data / "emploi"
    assert len(parse_offers_json((d / "ft_offres_api_brutes_data_ia_2026.json").read_bytes())) == 18
    assert (
        len(parse_offers_csv((d / "ft_offres_api_aplaties_ardeche_2025-05.csv").read_bytes()))
        == 150
    )
    assert len(parse_bmo((d / "bmo_2025_normandie.csv").read_bytes())) == 3026
