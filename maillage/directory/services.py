"""Writes to the directory: import upserts (single and bulk) and staff edits.

Every write path ends by scheduling the search index update for the rows it touched
(`maillage.search.tasks.index_organisations_later`, which runs once the transaction commits).
Fields a staff member edited (`Organisation.staff_edited_fields`) are never overwritten by
an import; an import whose content hash equals the stored one writes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from maillage.directory.adapters import OrganisationRecord
from maillage.directory.models import (
    DeclaredLabel,
    Domain,
    Label,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.search.tasks import index_organisations_later
from maillage_core.member_sheet import label_key, specialty_key

# Below SQLite's historical 999-parameter limit for `siret IN (…)` lookups.
LOOKUP_CHUNK = 900
# Not editable through the staff path: identity and bookkeeping.
_NOT_STAFF_EDITABLE = {"id", "staff_edited_fields", "content_hash", "updated_at"}
STAFF_EDITABLE: frozenset[str] = frozenset(
    {f.name for f in Organisation._meta.concrete_fields if f.name not in _NOT_STAFF_EDITABLE}
    | {"commune", "domains", "labels", "specialties", "declared_labels"}
)
_SPECIALTY = OrganisationSkill.Taxonomy.SPECIALTY


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)

    def add(self, other: UpsertCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


def _keep(name: str, edited: set[str]) -> bool:
    """An imported value is written unless staff edited the field (`commune_id` ↔ `commune`)."""
    return name not in edited and name.removesuffix("_id") not in edited


def _find(record: OrganisationRecord) -> Organisation | None:
    if record.siret:
        found = Organisation.objects.filter(siret=record.siret).first()
        if found is not None:
            return found
    if record.external_id:
        return Organisation.objects.filter(
            source=record.source, external_id=record.external_id
        ).first()
    return None


def _set_labels(organisation: Organisation, slugs: Sequence[str]) -> None:
    wanted = set(slugs)
    organisation.labels.exclude(label_id__in=wanted).delete()
    have = set(organisation.labels.values_list("label_id", flat=True))
    OrganisationLabel.objects.bulk_create(
        OrganisationLabel(organisation=organisation, label_id=slug)
        for slug in sorted(wanted - have)
    )


def _set_specialties(organisation: Organisation, items: Sequence[tuple[str, str]]) -> None:
    """The organisation's own-words specialties become `items` (key, text); taxonomy skills
    (ROME, ESCO) are left alone."""
    wanted = dict(items)
    mine = OrganisationSkill.objects.filter(organisation=organisation, taxonomy=_SPECIALTY)
    have = dict(mine.values_list("code", "label"))
    stale = [k for k, text in have.items() if wanted.get(k) != text]
    if stale:
        mine.filter(code__in=stale).delete()
    OrganisationSkill.objects.bulk_create(
        OrganisationSkill(organisation=organisation, taxonomy=_SPECIALTY, code=k, label=text)
        for k, text in sorted(wanted.items())
        if have.get(k) != text
    )


def _set_declared_labels(organisation: Organisation, items: Sequence[tuple[str, str]]) -> None:
    wanted = dict(items)
    have = dict(organisation.declared_labels.values_list("key", "name"))
    stale = [k for k, name in have.items() if wanted.get(k) != name]
    if stale:
        organisation.declared_labels.filter(key__in=stale).delete()
    DeclaredLabel.objects.bulk_create(
        DeclaredLabel(organisation=organisation, key=k, name=name)
        for k, name in sorted(wanted.items())
        if have.get(k) != name
    )


def _set_related(organisation: Organisation, record: OrganisationRecord, edited: set[str]) -> None:
    """Domains, labels, specialties and declared labels the record manages, unless staff
    edited them."""
    if record.domains is not None and "domains" not in edited:
        organisation.domains.set(Domain.objects.filter(slug__in=record.domains))
    if record.labels is not None and "labels" not in edited:
        _set_labels(organisation, record.labels)
    if record.specialties is not None and "specialties" not in edited:
        _set_specialties(organisation, record.specialties)
    if record.declared_labels is not None and "declared_labels" not in edited:
        _set_declared_labels(organisation, record.declared_labels)


@transaction.atomic
def organisation_upsert(*, record: OrganisationRecord) -> tuple[Organisation, str]:
    """Create or update one organisation from an import; returns it and created/updated/unchanged.

    The natural key is the SIRET when there is one, else `(source, external_id)`.
    """
    existing = _find(record)
    if existing is None:
        organisation = Organisation(
            siret=record.siret or None,
            source=record.source,
            external_id=record.external_id or None,
            content_hash=record.content_hash,
            **record.fields,
        )
        organisation.save()
        _set_related(organisation, record, set())
        index_organisations_later([organisation.id])
        return organisation, "created"
    if existing.content_hash == record.content_hash:
        return existing, "unchanged"
    edited = set(existing.staff_edited_fields or [])
    for name, value in record.fields.items():
        if _keep(name, edited):
            setattr(existing, name, value)
    if record.external_id and not existing.external_id:
        existing.source, existing.external_id = record.source, record.external_id
    existing.content_hash = record.content_hash
    existing.save()
    _set_related(existing, record, edited)
    index_organisations_later([existing.id])
    return existing, "updated"


@transaction.atomic
def organisations_bulk_upsert(*, records: Sequence[OrganisationRecord]) -> UpsertCounts:
    """Upsert a batch keyed on SIRET (the Sirene import): one lookup, bulk create, bulk update.

    Existing rows are looked up by SIRET for the whole batch in one query; rows whose stored
    hash equals the record's are left alone; updates skip staff-edited fields.
    """
    counts = UpsertCounts()
    if any(not r.siret for r in records):
        raise ValueError("organisations_bulk_upsert keys on SIRET: every record needs one")
    sirets = [r.siret for r in records]
    existing = {siret: (pk, digest) for siret, pk, digest in _by_siret(sirets, "content_hash")}
    to_create: list[OrganisationRecord] = []
    changed: list[tuple[int, OrganisationRecord]] = []
    for record in records:
        found = existing.get(record.siret or "")
        if found is None:
            to_create.append(record)
        elif found[1] == record.content_hash:
            counts.unchanged += 1
        else:
            changed.append((found[0], record))
    edited = dict(
        Organisation.objects.filter(id__in=[pk for pk, _ in changed]).values_list(
            "id", "staff_edited_fields"
        )
    )
    to_update: dict[tuple[str, ...], list[Organisation]] = {}
    now = timezone.now()
    for pk, record in changed:
        kept = set(edited.get(pk) or [])
        values = {k: v for k, v in record.fields.items() if _keep(k, kept)}
        obj = Organisation(id=pk, content_hash=record.content_hash, updated_at=now, **values)
        to_update.setdefault(tuple(sorted(values)), []).append(obj)
    if to_create:
        counts.ids.extend(_insert(to_create))
        counts.created = len(to_create)
    for names, objs in to_update.items():
        Organisation.objects.bulk_update(objs, [*names, "content_hash", "updated_at"])
        counts.updated += len(objs)
        counts.ids.extend(o.id for o in objs)
    if counts.ids:
        index_organisations_later(counts.ids)
    return counts


def _insert(records: Sequence[OrganisationRecord]) -> list[int]:
    """INSERT the new rows with one `executemany`, then read their ids back by SIRET.

    Measured (ADR 0030): `bulk_create` spends ~30 µs per row preparing each of the 30 values
    through the field API and splits batches at 999 SQLite parameters; rows here hold only
    str/bool/float/date/None, so the values are adapted once per column type instead.
    """
    ops = connection.ops
    keys = {"siret", "source", "external_id", "content_hash"}
    for record in records:
        keys.update(record.fields)
    columns: list[str] = []
    template: list[Any] = []
    slots: list[tuple[int, str, Callable[[Any], Any] | None]] = []
    for f in Organisation._meta.concrete_fields:
        if f.primary_key:
            continue
        adapt: Callable[[Any], Any] | None = None
        if isinstance(f, models.DateTimeField):
            adapt = ops.adapt_datetimefield_value
        elif isinstance(f, models.DateField):
            adapt = ops.adapt_datefield_value
        elif isinstance(f, models.JSONField):
            adapt = functools.partial(f.get_db_prep_save, connection=connection)
        if f.attname in keys:
            slots.append((len(columns), f.attname, adapt))
        value = timezone.now() if f.attname == "updated_at" else f.get_default()
        template.append(adapt(value) if adapt is not None and value is not None else value)
        columns.append(ops.quote_name(str(f.column)))
    rows: list[list[Any]] = []
    for record in records:
        given = {
            **record.fields,
            "siret": record.siret,
            "source": record.source,
            "external_id": record.external_id,
            "content_hash": record.content_hash,
        }
        row = template.copy()
        for at, attname, adapt in slots:
            if attname in given:  # a record may leave a field out: its default stays
                value = given[attname]
                row[at] = adapt(value) if adapt is not None and value is not None else value
        rows.append(row)
    table = ops.quote_name(Organisation._meta.db_table)
    marks = ", ".join(["%s"] * len(columns))
    # Identifiers come from the model's metadata (quoted), values are bound parameters.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return [pk for _, pk, _ in _by_siret([r.siret for r in records], "id")]


def _by_siret(sirets: Sequence[str | None], column: str) -> list[tuple[str, int, Any]]:
    """(siret, id, column) of the rows with these SIRETs, in chunks of LOOKUP_CHUNK.

    Plain SQL: through the ORM, preparing each of the thousands of `IN` parameters costs more
    than the query itself (ADR 0030).
    """
    ops = connection.ops
    table = ops.quote_name(Organisation._meta.db_table)
    out: list[tuple[str, int, Any]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(sirets), LOOKUP_CHUNK):
            chunk = sirets[start : start + LOOKUP_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            # Identifiers are ours (quoted), values are bound parameters.
            cursor.execute(
                f"SELECT siret, id, {ops.quote_name(column)} FROM {table} "  # noqa: S608
                f"WHERE siret IN ({marks})",
                chunk,
            )
            out.extend(cursor.fetchall())
    return out


@transaction.atomic
def organisation_update_by_staff(
    *, organisation: Organisation, user: Any, changes: Mapping[str, Any]
) -> Organisation:
    """Apply a staff member's edits and remember the edited fields so imports keep them.

    `changes` maps field names to values; `domains` takes domain slugs, `labels` label slugs,
    `specialties` and `declared_labels` the texts as written.
    """
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("only network staff edit organisations directly")
    unknown = sorted(set(changes) - STAFF_EDITABLE)
    if unknown:
        raise ValueError(f"fields not editable by staff: {', '.join(unknown)}")
    for name, value in changes.items():
        if name not in {"domains", "labels", "specialties", "declared_labels"}:
            setattr(organisation, name, value)
    edited = set(organisation.staff_edited_fields or [])
    edited.update("commune" if name == "commune_id" else name for name in changes)
    organisation.staff_edited_fields = sorted(edited)
    organisation.save()
    if "domains" in changes:
        slugs = [d.slug if isinstance(d, Domain) else str(d) for d in changes["domains"]]
        organisation.domains.set(Domain.objects.filter(slug__in=slugs))
    if "labels" in changes:
        wanted = {x.slug if isinstance(x, Label) else str(x) for x in changes["labels"]}
        known = set(Label.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        if wanted - known:
            raise ValueError(f"unknown labels: {', '.join(sorted(wanted - known))}")
        _set_labels(organisation, sorted(wanted))
    if "specialties" in changes:
        _set_specialties(organisation, keyed(changes["specialties"], specialty_key))
    if "declared_labels" in changes:
        _set_declared_labels(organisation, keyed(changes["declared_labels"], label_key))
    index_organisations_later([organisation.id])
    return organisation


def keyed(texts: Iterable[str], key: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    """(key, text) pairs, one per key (the first text wins), sorted by key; empty keys dropped."""
    out: dict[str, str] = {}
    for text in texts:
        k = key(text)
        if k and k not in out:
            out[k] = text
    return tuple(sorted(out.items()))
