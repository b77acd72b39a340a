"""`maillage need analyse`, `maillage match` and `maillage match --batch`: JSON shapes, batch
runs, and bad input (a clear one-line error or a safe result, never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from maillage.directory.models import Organisation
from tests.matching.engine_directory import indexed_directory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
Dir = dict[str, Organisation]
RESULT_KEYS = {"id", "external_id", "siret", "name", "score", "distance_km", "reasons"}


@pytest.fixture
def directory(db: None, settings: Any, tmp_path: Path) -> Dir:
    return indexed_directory(settings, tmp_path)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_need_analyse_json_has_the_evidence(directory: Dir) -> None:
    text = "rançongiciel ce matin à Caen, PME de 20 salariés, budget 5 k€"
    data = json.loads(run("need_analyse", text, "--json"))
    assert data["domains"][0]["key"] == "cybersecurite"
    assert data["domains"][0]["evidence"] == ["rançongiciel"]
    assert data["place"]["code"] == "14118" and data["place"]["evidence"] == "Caen"
    assert data["urgency"]["level"] == "incident"
    assert data["budget"]["low"] == 5000
    human = run("need_analyse", text)
    assert "urgence : incident en cours" in human and "lieu : Caen" in human


def test_need_analyse_uses_the_requester_place(directory: Dir) -> None:
    data = json.loads(run("need_analyse", "site vitrine", "--postcode", "76000", "--json"))
    assert data["place"]["code"] == "76540"
    assert data["place"]["evidence"] == "76000" and data["place"]["source"] == "given"
    assert data["place"]["why"] == "lieu indiqué avec le besoin (code postal Rouen)"


def test_match_json_shape_and_order(directory: Dir) -> None:
    rows = json.loads(run("match", "site marchand pour notre boutique", "--commune", "76540",
                          "--limit", "3", "--json"))  # fmt: skip
    assert 1 <= len(rows) <= 3
    assert all(set(r) == RESULT_KEYS for r in rows)
    first = rows[0]
    assert first["external_id"] == "web_rouen" and first["siret"] == "44444444400012"
    assert first["id"] == directory["web_rouen"].pk and first["name"] == "Atelier Boutique Web"
    assert first["distance_km"] == 0.0 and first["reasons"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    table = run("match", "site marchand à Rouen")
    assert "Atelier Boutique Web" in table and "·" in table


def test_match_emergency_flag_keeps_on_call_responders(directory: Dir) -> None:
    rows = json.loads(run("match", "virus, tout est bloqué", "--commune", "14118",
                          "--emergency", "--json"))  # fmt: skip
    assert [r["external_id"] for r in rows] == ["cyber_caen"]


def test_batch_writes_one_line_per_need(directory: Dir, tmp_path: Path) -> None:
    needs = [
        {"id": "a", "text": "site marchand pour notre boutique", "commune": "76540"},
        {"id": "b", "text": "rançongiciel ce matin", "postcode": "14000"},
        {"id": 3, "text": "maintenance prédictive de nos presses", "department": "27"},
    ]
    path = tmp_path / "needs.jsonl"
    path.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in needs) + "\n\n")
    lines = run("match", "--batch", str(path), "--limit", "2").splitlines()
    out = [json.loads(line) for line in lines]
    assert [o["id"] for o in out] == ["a", "b", 3]
    firsts = [o["results"][0]["external_id"] for o in out]
    assert firsts == ["web_rouen", "cyber_caen", "ia_evreux"]
    assert all(set(r) == RESULT_KEYS for o in out for r in o["results"])
    assert all(len(o["results"]) <= 2 for o in out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "site"}\n{"id": 2, "text": ', "ligne 2 : JSON invalide"),
        ('{"id": 1}\n', 'ligne 1 : le champ "text"'),
        ('{"id": 1, "text": "   "}\n', 'ligne 1 : le champ "text"'),
        ('["site"]\n', "ligne 1 : un objet JSON"),
        ('{"id": 1, "text": "site", "commune": ["14118"]}\n', "ligne 1 : commune, postcode"),
        ('{"id": 1, "text": "!!! ???"}\n', "ligne 1 : le besoin ne contient"),
    ],
)
def test_bad_batch_is_refused_whole(
    directory: Dir, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "needs.jsonl"
    path.write_text(content, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("match", "--batch", str(path), stdout=out)
    assert out.getvalue() == "", "nothing is written for a bad file"


def test_batch_lines_give_any_place_keys_and_a_bad_place_fails_only_its_line(
    directory: Dir, tmp_path: Path
) -> None:
    lines = [
        {"id": "a", "text": "site vitrine", "commune": "14118", "department": "14", "x": 1},
        {"id": "b", "text": "site vitrine", "commune": "14118", "department": "27"},
        {"id": "c", "text": "site vitrine", "postcode": "76000", "department": 76},
        {"id": "d", "text": "site vitrine", "commune": "99999"},
    ]
    path = tmp_path / "needs.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 besoin"):
        call_command("match", "--batch", str(path), stdout=out, stderr=err)
    answers = {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert list(answers) == ["a", "b", "c", "d"]
    assert answers["a"]["results"][0]["id"] == directory["web_caen"].pk
    assert answers["c"]["results"][0]["id"] == directory["web_rouen"].pk
    assert "pas dans le département 27" in answers["b"]["error"]
    assert "Commune inconnue" in answers["d"]["error"]
    assert "besoin 'b'" in err.getvalue()


def test_batch_file_errors(directory: Dir, tmp_path: Path) -> None:
    binary = tmp_path / "needs.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError, match="UTF-8"):
        run("match", "--batch", str(binary))
    with pytest.raises(CommandError, match="introuvable"):
        run("match", "--batch", str(tmp_path / "absent.jsonl"))
    with pytest.raises(CommandError, match="pas les deux"):
        run("match", "site", "--batch", str(binary))
    with pytest.raises(CommandError, match="--batch"):
        run("match")


@pytest.mark.parametrize(
    "args",
    [
        ("match", "site", "--commune", "14118", "--postcode", "76000"),
        ("match", "site", "--department", "ZZ"),
        ("match", "site", "--limit", "0"),
        ("match", "site", "--limit", "101"),
        ("need_analyse", "site", "--commune", "00000"),
    ],
)
def test_bad_options_give_a_clear_error(directory: Dir, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run(*args)


BAD_TEXTS = {
    "empty": "",
    "blank": " \n\t ",
    "punctuation": "?!… — ;;",
    "huge": "cybersécurité audit rançongiciel Caen " * 3000,  # about 110 kB
    "binary": "\x00\x01\x02\xff\ufffe\x7f" * 50 + "site",
    "html": "<script>alert('x')</script><b>site e-commerce</b> à <i>Rouen</i>",
    "sql": "'; DROP TABLE directory_organisation; -- OR 1=1 UNION SELECT * FROM auth_user",
    "only_script": "<script></script>",
}


@pytest.mark.parametrize("name", sorted(BAD_TEXTS))
@pytest.mark.parametrize("command", ["match", "need_analyse"])
def test_bad_text_gives_an_error_or_a_safe_result(directory: Dir, command: str, name: str) -> None:
    try:
        data = json.loads(run(command, BAD_TEXTS[name], "--json"))
    except CommandError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    if command == "match":
        assert isinstance(data, list) and all(set(r) == RESULT_KEYS for r in data)
    else:
        assert isinstance(data["domains"], list)
    assert Organisation.objects.count() == len(directory), "nothing changed"


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    """The real entry point on a fresh, empty installation (no index yet)."""
    env = {
        **os.environ,
        "MAILLAGE_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-c", "from maillage.cli import main; main()"]

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    assert call("migrate", "-v0").returncode == 0
    empty = call("match", "", "--json")
    assert empty.returncode != 0 and "Traceback" not in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1
    html = call("match", "<script>alert(1)</script> site web", "--json")
    assert html.returncode == 0 and json.loads(html.stdout) == []
    analysed = call("need", "analyse", "site marchand à Rouen", "--json")
    assert analysed.returncode == 0 and json.loads(analysed.stdout)["domains"]
