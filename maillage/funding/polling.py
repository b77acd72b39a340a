"""Fetch a registered feed (or a URL given to the CLI) through the SSRF-safe client, parse
every page, import. Paginated sources (the Aides-territoires API) are followed through
`next_page`, up to `MAX_PAGES`, and imported as one batch: a bad page refuses the whole run."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.funding.fetch import (
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    fetch,
    policy_from_settings,
)
from maillage.funding.models import FundingSource
from maillage.funding.services import (
    IMPORT_KIND,
    ImportRefused,
    ImportResult,
    calls_import_parsed,
    calls_parse,
)
from maillage_core.funding.types import CallRecord, ParseIssue, ParseReport

MAX_PAGES = 50


def default_policy() -> FetchPolicy:
    return policy_from_settings(getattr(settings, "FUNDING_FETCH_ALLOW", ()))


def url_read(
    *,
    url: str,
    format_name: str,
    source: str = "",
    funder: str = "",
    policy: FetchPolicy | None = None,
) -> ParseReport:
    """Fetch and parse every page; FetchRefused / FetchFailed propagate."""
    policy = policy or default_policy()
    records: list[CallRecord] = []
    warnings: list[ParseIssue] = []
    rows = 0
    next_url = url
    for _page in range(MAX_PAGES):
        body = fetch(next_url, policy=policy).body
        report = calls_parse(format_name=format_name, data=body, source=source, funder=funder)
        if not report.ok:
            return report
        records.extend(report.records)
        warnings.extend(report.warnings)
        rows += report.rows_read
        if not report.next_page:
            break
        next_url = report.next_page
    return replace(
        report, records=tuple(records), warnings=tuple(warnings), rows_read=rows, next_page=""
    )


def source_poll(*, source: FundingSource, policy: FetchPolicy | None = None) -> ImportRun:
    """Poll one registered feed; the run (succeeded, refused or failed) is recorded and linked."""
    try:
        report = url_read(
            url=source.url,
            format_name=source.format,
            source=source.url,
            funder=source.funder,
            policy=policy,
        )
        result: ImportResult = calls_import_parsed(report=report, source_label=source.url)
        run = ImportRun.objects.get(pk=result.run_id or 0)
    except ImportRefused as exc:
        assert exc.run is not None
        run = exc.run
    except (FetchRefused, FetchFailed) as exc:
        now = timezone.now()
        run = ImportRun.objects.create(
            kind=IMPORT_KIND,
            source=source.url[:500],
            started_at=now,
            finished_at=now,
            status=RunStatus.REFUSED if isinstance(exc, FetchRefused) else RunStatus.FAILED,
            error=str(exc),
        )
    FundingSource.objects.filter(pk=source.pk).update(last_run=run)
    return run


def sources_poll(*, policy: FetchPolicy | None = None) -> list[ImportRun]:
    """Poll every active feed, one after the other; one failing feed does not stop the rest."""
    return [source_poll(source=s, policy=policy) for s in FundingSource.objects.filter(active=True)]
