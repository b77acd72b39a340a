"""Funding watch core: call records, parsers, de-duplication, classification, eligibility,
iCalendar. Pure Python: parsers take bytes/str and return frozen dataclasses; no clock, no I/O.

Modules: `vocab` (controlled vocabularies), `types` (CallRecord, ParseReport), `parse_csv`,
`parse_json`, `parse_feeds` (parsers), `dedupe`, `classify`, `eligibility`, `ics`, and
`formats` (the parser for each `maillage funding import --format` name).
"""
