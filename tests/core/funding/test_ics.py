"""iCalendar feed of deadlines: RFC 5545 shape, escaping, folding, round-trip with `icalendar`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import icalendar
import pytest

from maillage_core.funding.ics import deadlines_calendar, escape_text, event_uid, fold_line
from maillage_core.funding.types import CallRecord
from maillage_core.funding.vocab import AidType

STAMP = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)

CALLS = [
    CallRecord(
        source="aides-territoires",
        external_id="152847",
        title="Diagnostic cybersécurité; PME, ETI \\ et « startups »",
        url="https://www.adnormandie.fr/impulsion-conseil-cyber?a=1&b=2",
        description="Première ligne.\nDeuxième ligne, avec virgule; et point-virgule.\r\n"
        + "é" * 700,
        funders=("Conseil régional de Normandie", "AD Normandie"),
        aid_types=(AidType.SUBVENTION,),
        deadline=date(2026, 12, 31),
    ),
    CallRecord(source="rss", external_id="b", title="AMI Data", deadline=date(2026, 4, 30)),
    CallRecord(source="rss", external_id="no-deadline", title="Prêt permanent"),
]


def test_round_trip_with_icalendar() -> None:
    text = deadlines_calendar(CALLS, dtstamp=STAMP, name="Veille, Normandie")
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//maillage//Veille financements//FR"
    # icalendar 7.3 reads NAME and X-WR-CALNAME as untyped (vUnknown) and so does not undo the
    # TEXT escaping (RFC 7986 §5.1 types NAME as TEXT): the escaped comma shows through
    assert calendar["X-WR-CALNAME"] == "Veille\\, Normandie"
    assert calendar["NAME"] == "Veille\\, Normandie"
    assert calendar.refresh_interval == timedelta(hours=12)
    events: list[Any] = list(calendar.walk("VEVENT"))
    assert len(events) == 2  # the call without deadline has no event
    first, second = events  # sorted by deadline
    assert str(first["SUMMARY"]) == "Date limite : AMI Data"
    assert second["DTSTART"].dt == date(2026, 12, 31)
    assert second["DTEND"].dt == date(2027, 1, 1)
    assert second["DTSTAMP"].dt == STAMP
    assert (
        str(second["SUMMARY"])
        == "Date limite : Diagnostic cybersécurité; PME, ETI \\ et « startups »"
    )
    assert str(second["URL"]) == CALLS[0].url
    description = str(second["DESCRIPTION"])
    assert description.startswith("Financeurs : Conseil régional de Normandie, AD Normandie\n")
    assert "Types d'aide : Subvention" in description
    assert "Première ligne.\nDeuxième ligne, avec virgule; et point-virgule. …" in description
    assert description.endswith(" …")  # long descriptions are cut
    assert str(second["UID"]) == event_uid(CALLS[0], "maillage")
    assert len({str(e["UID"]) for e in events}) == 2


def test_lines_are_crlf_and_at_most_75_octets() -> None:
    text = deadlines_calendar(CALLS, dtstamp=STAMP)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long description was folded
    assert lines[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//maillage//Veille financements//FR",
    ]
    assert "DTSTART;VALUE=DATE:20260430" in lines
    assert "DTSTAMP:20260301T083000Z" in lines


def test_escape_text() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


@pytest.mark.parametrize("text", ["x" * 200, "é" * 200, "a" + "€" * 100, "ok"])
def test_fold_line_never_splits_a_character(text: str) -> None:
    folded = fold_line("DESCRIPTION:" + text)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "DESCRIPTION:" + text


def test_uid_is_stable_and_dtstamp_is_utc() -> None:
    paris = timezone(timedelta(hours=1))
    a = deadlines_calendar(CALLS, dtstamp=datetime(2026, 3, 1, 9, 30, tzinfo=paris))
    b = deadlines_calendar(list(reversed(CALLS)), dtstamp=STAMP)
    assert a == b  # same instant, same events in the same order
    with pytest.raises(ValueError, match="timezone-aware"):
        deadlines_calendar(CALLS, dtstamp=datetime(2026, 3, 1, 8, 30))


def test_empty_calendar_is_valid() -> None:
    calendar = icalendar.Calendar.from_ical(deadlines_calendar([], dtstamp=STAMP))
    assert list(calendar.walk("VEVENT")) == []
