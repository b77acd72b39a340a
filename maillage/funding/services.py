"""Writes of the funding watch: import (upsert + review queue + dedupe) and staff edits.

An import is all or nothing: a file with any parse error is refused whole, nothing written,
and the run is recorded as refused with the parser's per-row report. Otherwise each record is
matched on its natural key `(source, external_id)`:

- unknown → created (themes / audiences / aid types filled by the classifier when missing);
- same content hash → unchanged, nothing written (the hash is taken *before* classification,
  so a lexicon change does not make every call look updated);
- different hash → updated, except the fields a staff member edited: their upstream value goes
  to the review queue (`ReviewItem`, one open item per call and field) instead.

After an import that wrote anything, duplicates across sources are linked (`duplicate_of`, the
oldest call of each group is the one shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.funding import adapters
from maillage.funding.models import CallStatus, FundingCall, ReviewItem
from maillage_core.funding.classify import enrich
from maillage_core.funding.dedupe import group_duplicates
from maillage_core.funding.formats import parser_for
from maillage_core.funding.parse_feeds import RSS, parse_feed
from maillage_core.funding.types import CallRecord, ParseReport

BATCH = 500
IMPORT_KIND = "funding_import"


class ImportRefused(ValueError):
    """The file was refused whole; `report` holds every problem found."""

    def __init__(self, report: ParseReport, run: ImportRun | None = None) -> None:
        self.report = report
        self.run = run
        first = report.errors[0] if report.errors else "fichier vide"
        more = f" (et {len(report.errors) - 1} autre(s))" if len(report.errors) > 1 else ""
        super().__init__(f"fichier refusé : {first}{more}")


@dataclass
class ImportResult:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    review_items: int = 0
    duplicates_linked: int = 0
    warnings: list[str] = field(default_factory=list)
    run_id: int | None = None

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "review_items": self.review_items,
            "duplicates_linked": self.duplicates_linked,
        }


def calls_parse(
    *, format_name: str, data: bytes | str, source: str = "", funder: str = ""
) -> ParseReport:
    """Parse with the format's parser (KeyError for an unknown format)."""
    if format_name == RSS:
        return parse_feed(data, source=source or "rss", funder=funder)
    parser = parser_for(format_name)
    return parser(data, source=source) if source else parser(data)


def _run_start(source_label: str) -> ImportRun:
    return ImportRun.objects.create(
        kind=IMPORT_KIND, source=source_label[:500], started_at=timezone.now()
    )


def _run_finish(run: ImportRun, status: str, counts: dict[str, int], error: str = "") -> None:
    run.status = status
    run.counts = counts
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "counts", "error", "finished_at"])


def calls_import(
    *,
    format_name: str,
    data: bytes | str,
    source_label: str,
    source: str = "",
    funder: str = "",
    now: datetime | None = None,
) -> ImportResult:
    """Parse and upsert one file or feed page; the run is recorded in the ledger.

    Raises `ImportRefused` (run recorded as refused, nothing else written) on any parse error.
    """
    report = calls_parse(format_name=format_name, data=data, source=source, funder=funder)
    return calls_import_parsed(report=report, source_label=source_label, now=now)


def calls_import_parsed(
    *, report: ParseReport, source_label: str, now: datetime | None = None
) -> ImportResult:
    """`calls_import` for an already parsed report (several pages of a paginated source)."""
    format_name = report.format
    run = _run_start(source_label)
    if not report.ok:
        refused = {"created": 0, "updated": 0, "unchanged": 0, "refused": report.rows_read}
        _run_finish(
            run, RunStatus.REFUSED, refused, "\n".join(str(e) for e in report.errors)[:20000]
        )
        raise ImportRefused(report, run)
    try:
        result = calls_upsert(records=report.records, format_name=format_name, now=now)
    except Exception as exc:
        _run_finish(run, RunStatus.FAILED, {}, f"{type(exc).__name__}: {exc}")
        raise
    result.warnings = [str(w) for w in report.warnings]
    result.run_id = run.pk
    _run_finish(run, RunStatus.SUCCEEDED, result.counts())
    return result


def _review(
    call: FundingCall, name: str, current: Any, upstream: Any, now: datetime
) -> ReviewItem | None:
    if current == upstream:
        return None
    item, _ = ReviewItem.objects.update_or_create(
        call=call,
        field=name,
        resolution=ReviewItem.Resolution.OPEN,
        defaults={
            "current_value": adapters.json_value(current),
            "upstream_value": adapters.json_value(upstream),
            "created_at": now,
        },
    )
    return item


@transaction.atomic
def calls_upsert(
    *, records: Sequence[CallRecord], format_name: str = "", now: datetime | None = None
) -> ImportResult:
    """Create or update calls from parsed records (see the module docstring)."""
    now = now or timezone.now()
    result = ImportResult(format=format_name)
    by_source: dict[str, list[CallRecord]] = {}
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    for source, group in by_source.items():
        for start in range(0, len(group), BATCH):
            _upsert_batch(source, group[start : start + BATCH], result, now)
    if result.created or result.updated:
        result.duplicates_linked = calls_link_duplicates()
    return result


def _upsert_batch(
    source: str, batch: Sequence[CallRecord], result: ImportResult, now: datetime
) -> None:
    keys = [r.external_id for r in batch]
    existing = {
        c.external_id: c for c in FundingCall.objects.filter(source=source, external_id__in=keys)
    }
    to_create: list[FundingCall] = []
    to_update: list[FundingCall] = []
    changed_fields: set[str] = set()
    for record in batch:
        digest = record.content_hash
        call = existing.get(record.external_id)
        if call is not None and call.content_hash == digest:
            result.unchanged += 1
            continue
        values = adapters.model_values(enrich(record)[0])
        if call is None:
            to_create.append(
                FundingCall(
                    source=source,
                    external_id=record.external_id,
                    content_hash=digest,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            result.created += 1
            continue
        edited = set(call.staff_edited_fields or ())
        for name, value in values.items():
            if name in edited:
                if _review(call, name, getattr(call, name), value, now) is not None:
                    result.review_items += 1
                continue
            if getattr(call, name) != value:
                setattr(call, name, value)
                changed_fields.add(name)
        call.content_hash = digest
        call.updated_at = now
        to_update.append(call)
        result.updated += 1
    FundingCall.objects.bulk_create(to_create)
    if to_update:
        FundingCall.objects.bulk_update(
            to_update, sorted(changed_fields | {"content_hash", "updated_at"})
        )


def calls_link_duplicates() -> int:
    """Link duplicate calls across sources to the oldest of their group; returns how many
    links changed. Archived calls take no part; links that no longer hold are removed."""
    rows = list(
        FundingCall.objects.exclude(status=CallStatus.ARCHIVED)
        .only(
            "id",
            "source",
            "external_id",
            "title",
            "url",
            "funders_tags",
            "deadline",
            "duplicate_of_id",
            "updated_at",
        )
        .order_by("id")
    )
    records = [
        CallRecord(
            source=c.source,
            external_id=c.external_id,
            title=c.title,
            url=c.url,
            funders=c.funders,
            deadline=c.deadline,
        )
        for c in rows
    ]
    wanted: dict[int, int | None] = {c.pk: None for c in rows}
    for group in group_duplicates(records):
        head = rows[group[0]].pk
        for position in group[1:]:
            wanted[rows[position].pk] = head
    changed = [c for c in rows if c.duplicate_of_id != wanted[c.pk]]
    now = timezone.now()
    for c in changed:
        c.duplicate_of_id = wanted[c.pk]
        c.updated_at = now  # a re-link changes what pages show (see catalogue_version)
    FundingCall.objects.bulk_update(changed, ["duplicate_of", "updated_at"], batch_size=BATCH)
    return len(changed)


@transaction.atomic
def call_update_by_staff(*, call: FundingCall, changes: dict[str, Any]) -> FundingCall:
    """Apply a staff edit; the edited fields are recorded so imports never overwrite them."""
    unknown = set(changes) - set(adapters.CONTENT_FIELDS) - {"status"}
    if unknown:
        raise ValueError(f"champs non modifiables : {', '.join(sorted(unknown))}")
    edited = set(call.staff_edited_fields or ())
    for name, value in changes.items():
        if getattr(call, name) != value:
            setattr(call, name, value)
            if name != "status":
                edited.add(name)
    call.staff_edited_fields = sorted(edited)
    call.updated_at = timezone.now()
    call.save()
    return call


@transaction.atomic
def review_item_resolve(*, item: ReviewItem, accept: bool, user_id: int | None) -> ReviewItem:
    """Take the upstream value (accept) or keep the staff edit (reject)."""
    if item.resolution != ReviewItem.Resolution.OPEN:
        return item
    call = FundingCall.objects.select_for_update().get(pk=item.call_id)
    if accept:
        value = item.upstream_value
        field_obj = FundingCall._meta.get_field(item.field)
        if value is not None and field_obj.get_internal_type() == "DateField":
            value = datetime.fromisoformat(str(value)).date()
        setattr(call, item.field, value)
        call.updated_at = timezone.now()
        call.save()
    item.resolution = ReviewItem.Resolution.ACCEPTED if accept else ReviewItem.Resolution.REJECTED
    item.resolved_at = timezone.now()
    item.resolved_by_id = user_id
    item.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    return item
