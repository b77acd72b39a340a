"""Writes of the observatory: offer and BMO imports (idempotent), dated snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.matching.models import Introduction, Need
from maillage.observatory import snapshots
from maillage.observatory.models import BmoProject, JobOffer, Snapshot
from maillage.observatory.parsers import (
    InputError,
    parse_bmo,
    parse_offers_csv,
    parse_offers_json,
)
from maillage.observatory.taxonomy import offer_classifier
from maillage.training.models import Programme
from maillage_core.offers import Offer
from maillage_core.pipeline import State

OFFER_FORMATS = {"france-travail": parse_offers_json, "csv": parse_offers_csv}
# An introduction in one of these states means the need found a provider.
ANSWERED = [
    State.ACCEPTED, State.MEETING, State.PROPOSAL, State.CONTRACT, State.SURVEYED, State.CLOSED,
]  # fmt: skip


@dataclass
class ImportCounts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _run(kind: str, source: str, counts: dict[str, int]) -> None:
    now = timezone.now()
    ImportRun.objects.create(
        kind=kind, source=source[:500], started_at=now, finished_at=now,
        status=RunStatus.SUCCEEDED, counts=counts,
    )  # fmt: skip


def import_refused(*, kind: str, source: str, error: InputError) -> None:
    now = timezone.now()
    ImportRun.objects.create(
        kind=kind, source=source[:500], started_at=now, finished_at=now,
        status=RunStatus.FAILED, error=str(error)[:2000],
    )  # fmt: skip


@transaction.atomic
def offers_import(*, fmt: str, data: bytes, source: str = "") -> ImportCounts:
    """Parse the whole file (refused whole on any bad row), classify each new or changed offer
    into ROME 4.0 (top-3 + skills), upsert on (source, external_id) + content hash."""
    if fmt not in OFFER_FORMATS:
        raise InputError([f"unknown format {fmt!r} ({', '.join(OFFER_FORMATS)})"])
    records = OFFER_FORMATS[fmt](data)
    classifier = offer_classifier()
    existing = {
        (o.source, o.external_id): o
        for o in JobOffer.objects.filter(
            source__in={r.source for r in records},
            external_id__in=[r.external_id for r in records],
        )
    }
    counts = ImportCounts(rows=len(records))
    new: list[JobOffer] = []
    for r in records:
        digest = r.content_hash()
        current = existing.get((r.source, r.external_id))
        if current is not None and current.content_hash == digest:
            counts.unchanged += 1
            continue
        result = classifier.classify(Offer(r.external_id, r.title, r.description))
        values: dict[str, Any] = {
            "title": r.title,
            "description": r.description,
            "rome_code": r.rome_code,
            "rome_codes": list(result.codes[:3]),
            "skills": [{"code": s.code, "label": s.label, "kind": s.kind} for s in result.skills],
            "commune_insee": r.commune_insee,
            "department": r.department,
            "posted_on": r.posted_on,
            "month": r.posted_on.strftime("%Y-%m") if r.posted_on else "",
            "content_hash": digest,
        }
        if current is None:
            new.append(JobOffer(source=r.source, external_id=r.external_id, **values))
            counts.created += 1
        else:
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            counts.updated += 1
    JobOffer.objects.bulk_create(new, batch_size=1000)
    _run(f"observatory:offers:{fmt}", source, vars(counts))
    return counts


@transaction.atomic
def bmo_import(*, data: bytes, source: str = "") -> ImportCounts:
    """Replace the BMO cells of the years in the file (a survey year is published whole)."""
    records = parse_bmo(data)
    years = {r.year for r in records}
    before = BmoProject.objects.filter(year__in=years).count()
    BmoProject.objects.filter(year__in=years).delete()
    BmoProject.objects.bulk_create((BmoProject(**vars(r)) for r in records), batch_size=2000)
    counts = ImportCounts(
        rows=len(records),
        created=max(0, len(records) - before),
        updated=min(before, len(records)),
    )
    _run("observatory:bmo", source, vars(counts))
    return counts


def _offer_rows() -> list[dict[str, Any]]:
    rows = []
    for rome_code, codes, department, month, skills in JobOffer.objects.values_list(
        "rome_code", "rome_codes", "department", "month", "skills"
    ).iterator(chunk_size=5000):
        rows.append(
            {
                "rome": rome_code or (codes[0] if codes else ""),
                "department": department,
                "month": month,
                "skills": [s["label"] for s in skills if isinstance(s, dict)],
            }
        )
    return rows


def _supply_rows() -> list[dict[str, Any]]:
    rows = []
    for codes, department in Programme.objects.values_list("rome_codes", "department"):
        for code in codes:
            rows.append({"rome": code, "department": department, "places": 1})
    return rows


def _unmet_rows() -> list[dict[str, Any]]:
    answered = Introduction.objects.filter(need=OuterRef("pk"), state__in=ANSWERED)
    rows = []
    for profile, department in (
        Need.objects.annotate(answered=Exists(answered))
        .filter(answered=False)
        .values_list("profile", "commune__department_id")
    ):
        domains = profile.get("domains") if isinstance(profile, dict) else None
        key = domains[0].get("key", "") if domains else ""
        rows.append({"domain": key or "autre", "department": department or ""})
    return rows


def _bmo_rows() -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in BmoProject.objects.values(
            "occupation_code", "occupation_label", "department", "basin",
            "projects", "difficult", "seasonal",
        )
    ]  # fmt: skip


@transaction.atomic
def snapshots_take(*, today: date) -> list[Snapshot]:
    """Write today's offers, BMO, supply and unmet-needs snapshots (re-running replaces them)."""
    out = []
    for kind, rows in (
        ("offers", _offer_rows()),
        ("bmo", _bmo_rows()),
        ("supply", _supply_rows()),
        ("unmet", _unmet_rows()),
    ):
        path = snapshots.write_rows(kind, today, rows)
        snap, _ = Snapshot.objects.update_or_create(
            kind=kind,
            taken_on=today,
            defaults={"path": str(path), "rows": len(rows), "meta": {"source": "maillage"}},
        )
        out.append(snap)
    return out
