"""Write the demo ecosystem: bulk upserts on the natural key (source="demo", external_id).

A record whose content hash has not changed is not touched (a second run with the same
seed writes no organisation); a changed record gets its fields updated in place, except
the fields a staff member edited, and its children (domains, labels, skills, contacts)
replaced. Demo records that the new generation no longer contains are deleted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from maillage.common.demo.inputs import DemoInputMissing, demo_inputs
from maillage.common.demo.users import Credential, demo_users_sync
from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import (
    Contact,
    Domain,
    Label,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage_core.catalogue import DOMAINS, LABELS
from maillage_core.demo import DemoOrganisation, generate

DEMO_SOURCE = "demo"
# Organisation fields the demo owns (everything it generates except the children).
FIELDS = (
    "siret",
    "siren",
    "name",
    "kind",
    "naf_code",
    "size_band",
    "legal_category",
    "is_head_office",
    "created_on",
    "address",
    "postcode",
    "commune_id",
    "department_code",
    "region_code",
    "epci_siren",
    "latitude",
    "longitude",
    "hq_country",
    "hq_region_code",
    "website",
    "description",
    "membership",
    "is_demo",
    "content_hash",
)


class DemoError(Exception):
    """The demo cannot be written; the message is a one-line reason and the fix."""


@dataclass(frozen=True)
class DemoReport:
    seed: int
    created: int
    updated: int
    unchanged: int
    deleted: int
    by_kind: dict[str, int]
    providers: int  # digital companies (kind "company" with at least one domain)
    by_department: dict[str, int]
    labels: int
    skills: int
    contacts: int
    naf_source: str
    credentials: list[Credential] = field(default_factory=list)
    index: str = "not requested"

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "organisations": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "deleted": self.deleted,
                "total": sum(self.by_kind.values()),
            },
            "by_kind": self.by_kind,
            "digital_providers": self.providers,
            "by_department": self.by_department,
            "labels": self.labels,
            "skills": self.skills,
            "contacts": self.contacts,
            "naf_source": self.naf_source,
            "users": [c.as_dict() for c in self.credentials],
            "index": self.index,
        }


def demo_load(*, seed: int, organisations: int, today: date, rebuild_index: bool) -> DemoReport:
    """Generate and write the demo, then rebuild the search index (outside the transaction)."""
    run = ImportRun.objects.create(kind="demo", source=f"seed={seed}", started_at=timezone.now())
    try:
        report = _demo_write(seed=seed, organisations=organisations, today=today)
        if rebuild_index:
            # The data is committed at this point; a failure here is the index's alone.
            report = _with_index(report)
    except (DemoError, DemoInputMissing) as exc:
        _finish(run, RunStatus.REFUSED, error=str(exc))
        raise
    except Exception as exc:
        _finish(run, RunStatus.FAILED, error=repr(exc)[:2000])
        raise
    _finish(run, RunStatus.SUCCEEDED, counts=report.as_dict()["organisations"])
    return report


def _finish(
    run: ImportRun, status: str, *, counts: dict[str, int] | None = None, error: str = ""
) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.counts = counts or {}
    run.error = error
    run.save(update_fields=["status", "finished_at", "counts", "error"])


def _with_index(report: DemoReport) -> DemoReport:
    # The search index is optional for the demo: it is written by another part of the
    # platform and can always be rebuilt later with `maillage index rebuild`.
    try:
        from maillage.search.services import index_rebuild
    except ImportError:
        index = "search index unavailable (maillage.search.services.index_rebuild missing)"
    else:
        index = f"rebuilt: {index_rebuild()} documents"
    return DemoReport(**{**report.__dict__, "index": index})


@transaction.atomic
def _demo_write(*, seed: int, organisations: int, today: date) -> DemoReport:
    inputs = demo_inputs(region_code=settings.REGION_CODE)
    eco = generate(inputs, seed=seed, count=organisations, today=today)
    _ensure_catalogue()
    orgs = eco.organisations
    hashes = {o.external_id: _hash(o) for o in orgs}
    existing = {
        ext: (pk, h, edited)
        for ext, pk, h, edited in Organisation.objects.filter(source=DEMO_SOURCE).values_list(
            "external_id", "id", "content_hash", "staff_edited_fields"
        )
        if ext is not None
    }
    deleted = _delete_stale(set(existing) - set(hashes))
    taken = _sirets_taken_by_others([o.siret for o in orgs])
    to_create: list[Organisation] = []
    to_update: list[tuple[int, dict[str, Any]]] = []
    edited_updates: list[tuple[int, dict[str, Any]]] = []
    changed: list[DemoOrganisation] = []
    for o in orgs:
        values = _values(o, hashes[o.external_id], siret_taken=o.siret in taken)
        found = existing.get(o.external_id)
        if found is None:
            to_create.append(Organisation(source=DEMO_SOURCE, external_id=o.external_id, **values))
            changed.append(o)
        elif found[1] != hashes[o.external_id]:
            pk, _, edited = found
            if edited:
                # Fields a staff member edited by hand are never overwritten.
                kept = {k: v for k, v in values.items() if k not in set(edited)}
                edited_updates.append((pk, kept))
            else:
                to_update.append((pk, values))
            changed.append(o)
    Organisation.objects.bulk_create(to_create, batch_size=500)
    _update_rows(to_update)
    for pk, kept in edited_updates:
        Organisation.objects.filter(id=pk).update(**kept)
    ids = _demo_ids()
    _replace_children(changed, ids)
    credentials = demo_users_sync(eco.users, org_ids=ids)
    return DemoReport(
        seed=seed,
        created=len(to_create),
        updated=len(to_update) + len(edited_updates),
        unchanged=len(orgs) - len(changed),
        deleted=deleted,
        by_kind=dict(sorted(Counter(o.kind for o in orgs).items())),
        providers=sum(1 for o in orgs if o.kind == "company" and o.domains),
        by_department=dict(sorted(Counter(o.department_code for o in orgs).items())),
        labels=sum(len(o.labels) for o in orgs),
        skills=sum(len(o.skills) for o in orgs),
        contacts=sum(len(o.contacts) for o in orgs),
        naf_source="opendata" if inputs.digital_naf else "built-in list",
        credentials=credentials,
    )


def _update_rows(rows: list[tuple[int, dict[str, Any]]]) -> None:
    """One parameterised UPDATE per row through executemany.

    `QuerySet.bulk_update` builds a CASE WHEN per field and row: 3,000 rows × 24 fields took
    40 s here; executemany takes well under a second on SQLite and PostgreSQL.
    """
    if not rows:
        return
    meta = Organisation._meta
    wanted = {*FIELDS, "updated_at"}
    fields = [f for f in meta.concrete_fields if f.attname in wanted]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    # Identifiers come from the model's metadata; every value is a query parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    now = timezone.now()
    params = [
        [
            f.get_db_prep_save(now if f.attname == "updated_at" else values[f.attname], connection)
            for f in fields
        ]
        + [pk]
        for pk, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _demo_ids() -> dict[str, int]:
    rows = Organisation.objects.filter(source=DEMO_SOURCE).values_list("external_id", "id")
    out: dict[str, int] = {}
    for ext, pk in rows:
        if ext is not None:
            out[ext] = pk
    return out


def _hash(o: DemoOrganisation) -> str:
    return hashlib.sha256(repr(o).encode("utf-8")).hexdigest()


def _values(o: DemoOrganisation, content_hash: str, *, siret_taken: bool) -> dict[str, Any]:
    return {
        "siret": None if siret_taken else o.siret,
        "siren": "" if siret_taken else o.siren,
        "name": o.name,
        "kind": o.kind,
        "naf_code": o.naf_code,
        "size_band": o.size_band,
        "legal_category": o.legal_category,
        "is_head_office": o.is_head_office,
        "created_on": o.created_on,
        "address": o.address,
        "postcode": o.postcode,
        "commune_id": o.commune_insee,
        "department_code": o.department_code,
        "region_code": o.region_code,
        "epci_siren": o.epci_siren,
        "latitude": o.latitude,
        "longitude": o.longitude,
        "hq_country": o.hq_country,
        "hq_region_code": o.hq_region_code,
        "website": o.website,
        "description": o.description,
        "membership": o.membership,
        "is_demo": True,
        "content_hash": content_hash,
    }


def _sirets_taken_by_others(sirets: Iterable[str]) -> set[str]:
    """SIRETs of the demo that a real (non-demo) organisation already holds: left empty."""
    found = (
        Organisation.objects.filter(siret__in=list(sirets))
        .exclude(source=DEMO_SOURCE)
        .values_list("siret", flat=True)
    )
    return {s for s in found if s}


def _delete_stale(external_ids: set[str]) -> int:
    if not external_ids:
        return 0
    stale = Organisation.objects.filter(source=DEMO_SOURCE, external_id__in=external_ids)
    try:
        stale.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DemoError(
            f"{len(external_ids)} organisations de démo à retirer sont encore référencées "
            f"({exc.args[0][:80]}…) : relancez avec un --organisations plus grand"
        ) from exc
    return len(external_ids)


def _ensure_catalogue() -> None:
    """Domain and Label rows exist after migrate; recreate any missing (e.g. after a flush)."""
    Domain.objects.bulk_create(
        [Domain(slug=d.slug, label=d.label) for d in DOMAINS], ignore_conflicts=True
    )
    Label.objects.bulk_create(
        [
            Label(slug=lbl.slug, name=lbl.name, issuer=lbl.issuer, description=lbl.description)
            for lbl in LABELS
        ],
        ignore_conflicts=True,
    )


def _replace_children(changed: list[DemoOrganisation], ids: dict[str, int]) -> None:
    org_ids = [ids[o.external_id] for o in changed]
    through = Organisation.domains.through
    for model in (through, OrganisationLabel, OrganisationSkill, Contact):
        for start in range(0, len(org_ids), 500):
            model.objects.filter(organisation_id__in=org_ids[start : start + 500]).delete()
    through.objects.bulk_create(
        [
            through(organisation_id=ids[o.external_id], domain_id=slug)
            for o in changed
            for slug in o.domains
        ],
        batch_size=1000,
    )
    OrganisationLabel.objects.bulk_create(
        [
            OrganisationLabel(
                organisation_id=ids[o.external_id],
                label_id=lbl.slug,
                valid_from=lbl.valid_from,
                valid_to=lbl.valid_to,
                reference=lbl.reference,
            )
            for o in changed
            for lbl in o.labels
        ],
        batch_size=1000,
    )
    OrganisationSkill.objects.bulk_create(
        [
            OrganisationSkill(
                organisation_id=ids[o.external_id],
                taxonomy=OrganisationSkill.Taxonomy.ROME_FICHE,
                code=s.code,
                label=s.label,
            )
            for o in changed
            for s in o.skills
        ],
        batch_size=1000,
    )
    Contact.objects.bulk_create(
        [
            Contact(
                organisation_id=ids[o.external_id],
                first_name=c.first_name,
                last_name=c.last_name,
                role=c.role,
                email=c.email,
                phone=c.phone,
            )
            for o in changed
            for c in o.contacts
        ],
        batch_size=1000,
    )
