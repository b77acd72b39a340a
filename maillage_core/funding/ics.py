"""An RFC 5545 iCalendar feed of call deadlines: one all-day VEVENT per deadline.

Written by hand (no dependency at run time) and checked in the tests by parsing it back with
the `icalendar` package. What RFC 5545 asks and where it is done:

- §3.1 content lines end with CRLF and are *folded* at 75 octets: a longer line is cut and
  continued on the next line after one space (`fold_line`, never inside a UTF-8 sequence);
- §3.3.11 TEXT values escape backslash, semicolon, comma and newlines (`escape_text`);
- RFC 7986 NAME and REFRESH-INTERVAL (with X-WR-CALNAME / X-PUBLISHED-TTL for older clients);
- §3.6.1 a VEVENT carries UID and DTSTAMP (the UTC time the feed was generated: passed in,
  no clock here); an all-day event is DTSTART;VALUE=DATE with DTEND the next day (§3.6.1:
  "the event's duration is taken to be one day").

The UID is derived from the call's natural key (source, external id), so a calendar client
updates the same event when a deadline moves instead of adding a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from maillage_core.funding.types import CallRecord

PRODID = "-//maillage//Veille financements//FR"
DESCRIPTION_CHARS = 600


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping: \\ ; , and newlines (CRLF, CR or LF → \\n)."""
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold_line(line: str, limit: int = 75) -> str:
    """Fold one content line into CRLF-separated lines of at most `limit` octets (UTF-8),
    continuation lines starting with a space (which counts towards their limit)."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def event_uid(call: CallRecord, domain: str) -> str:
    digest = hashlib.sha256(f"{call.source}\x1f{call.external_id}".encode()).hexdigest()[:32]
    return f"deadline-{digest}@{domain}"


def _description(call: CallRecord) -> str:
    lines = []
    if call.funders:
        lines.append("Financeurs : " + ", ".join(call.funders))
    if call.aid_types:
        lines.append("Types d'aide : " + ", ".join(t.label for t in call.aid_types))
    if call.url:
        lines.append(call.url)
    if call.description:
        text = call.description
        if len(text) > DESCRIPTION_CHARS:
            text = text[:DESCRIPTION_CHARS].rsplit(maxsplit=1)[0] + " …"
        lines.append("")
        lines.append(text)
    return "\n".join(lines)


def deadlines_calendar(
    calls: Iterable[CallRecord],
    *,
    dtstamp: datetime,
    name: str = "Échéances des appels à projets",
    uid_domain: str = "maillage",
) -> str:
    """The iCalendar text (CRLF line ends) of the deadlines of `calls`; calls without a
    deadline are left out. Events are sorted by (deadline, source, external id).
    `dtstamp` must be timezone-aware; it is written in UTC."""
    if dtstamp.tzinfo is None:
        raise ValueError("dtstamp must be timezone-aware")
    stamp = dtstamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        # RFC 7986 §5.7 (and its older X- form): how often subscribed clients should poll
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    dated = sorted(
        ((deadline, call) for call in calls if (deadline := call.deadline) is not None),
        key=lambda pair: (pair[0], pair[1].source, pair[1].external_id),
    )
    for deadline, call in dated:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(call, uid_domain)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text('Date limite : ' + call.title)}",
            "TRANSP:TRANSPARENT",
        ]
        if call.url:
            lines.append(f"URL;VALUE=URI:{''.join(call.url.split())}")
        lines += [f"DESCRIPTION:{escape_text(_description(call))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
