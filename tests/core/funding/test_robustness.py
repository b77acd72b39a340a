"""Property tests: parsers never raise on arbitrary input (they report), and the text helpers
keep their invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage_core.funding.dedupe import canonical_url
from maillage_core.funding.formats import PARSERS
from maillage_core.funding.ics import escape_text, fold_line
from maillage_core.funding.parse_csv import AT_COLUMNS, parse_aides_territoires_csv
from maillage_core.funding.types import ParseReport

AT_HEADER = ",".join(AT_COLUMNS) + "\n"


@pytest.mark.parametrize("format_name", sorted(PARSERS))
@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_parsers_report_instead_of_raising(format_name: str, data: bytes) -> None:
    report = PARSERS[format_name](data, source="fuzz")
    assert isinstance(report, ParseReport)
    assert report.ok or report.records == ()


@settings(max_examples=100, deadline=None)
@given(body=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_csv_with_valid_header_never_raises(body: str) -> None:
    report = parse_aides_territoires_csv(AT_HEADER + body)
    assert report.ok or report.records == ()
    assert all(issue.line >= 0 for issue in report.errors)


@given(st.text(max_size=200))
def test_escaped_text_has_no_raw_newline_or_unescaped_separators(text: str) -> None:
    escaped = escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    unescaped = escaped.replace("\\\\", "").replace("\\;", "").replace("\\,", "")
    assert ";" not in unescaped and "," not in unescaped


@given(st.text(max_size=300))
def test_fold_then_unfold_is_identity(text: str) -> None:
    line = "SUMMARY:" + text.replace("\r", "").replace("\n", "")
    folded = fold_line(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


@given(st.text(max_size=80))
def test_canonical_url_is_idempotent(path: str) -> None:
    once = canonical_url("https://WWW.Example.fr/" + path)
    assert canonical_url(once) == once


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
_AT_KEYS = [
    "id", "name", "origin_url", "url", "financers", "instructors", "programs", "description",
    "eligibility", "perimeter", "categories", "is_call_for_project", "application_url",
    "targeted_audiences", "aid_types", "start_date", "predeposit_date", "submission_deadline",
    "subvention_rate_lower_bound", "subvention_rate_upper_bound", "loan_amount",
    "recoverable_advance_amount", "recurrence", "titre", "url_agir", "date_debut", "date_fin",
    "thematiques", "couverture_geo", "regions", "type",
]  # fmt: skip


@pytest.mark.parametrize(
    ("format_name", "list_key"),
    [
        ("aides-territoires-api", "results"),
        ("departement-manche", "aides"),
        ("ademe-agir", "ListeDispositifs"),
    ],
)
@settings(max_examples=60, deadline=None)
@given(items=st.lists(st.dictionaries(st.sampled_from(_AT_KEYS), _json_values), max_size=3))
def test_json_parsers_report_on_wrongly_typed_fields(
    format_name: str, list_key: str, items: list[dict[str, object]]
) -> None:
    data = json.dumps({list_key: items, "next": None}).encode("utf-8")
    report = PARSERS[format_name](data, source="fuzz")
    assert report.ok or report.records == ()


_TRICKY = st.sampled_from(
    ["", "inf", "-inf", "nan", "1e400", "-5", "50%", "12,5", "1 500 €", "31/02/2026", "2026-13-01",
     "0001-01-01", "departement:ZZ", "commune:1", "epci:abc", "region:", "lune", "AAP", "ami",
     "subvention|prêt", "TPE;PME", "\x00", "é" * 3, "=cmd|' /C calc'!A0"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(_TRICKY, min_size=12, max_size=12))
def test_staff_csv_reports_on_tricky_cells(cells: list[str]) -> None:
    columns = ["taux_min", "taux_max", "montant_min", "montant_max", "date_ouverture"]
    columns += ["date_pre_depot", "date_limite", "perimetre", "appel", "types_aide", "publics"]
    columns += ["recurrence"]
    header = ",".join(["titre", "url", *columns])
    row = ",".join(['"T"', "https://a.fr/t", *(f'"{c}"' for c in cells)])
    report = PARSERS["csv"](f"{header}\n{row}\n", source="fuzz")
    assert report.ok or report.records == ()
