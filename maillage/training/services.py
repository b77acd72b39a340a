"""Writes of the training catalogue: idempotent imports, upskilling needs and pooling."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import Organisation
from maillage.observatory.taxonomy import TaxonomyMissing, offer_classifier
from maillage.training.models import CollectiveSession, Programme, TrainingSession, UpskillingNeed
from maillage.training.parsers import parse_catalogue
from maillage.training.records import CatalogueError, ProgrammeRecord
from maillage_core.offers import Offer, OfferClassifier

POOL_MIN_COMPANIES = 2


@dataclass
class ImportReport:
    fmt: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_staff_edits: int = 0
    linked_to_directory: int = 0
    classified: int = 0
    errors: list[str] = field(default_factory=list)


class _LazyClassifier:
    """The ROME classifier, built on first use only (≈ 10 s): a re-run with nothing new skips it."""

    def __init__(self) -> None:
        self._built = False
        self._value: OfferClassifier | None = None

    def get(self) -> OfferClassifier | None:
        if not self._built:
            self._built = True
            try:
                self._value = offer_classifier()
            except TaxonomyMissing:
                self._value = None
        return self._value


def _links(records: list[ProgrammeRecord]) -> dict[str, int]:
    """provider key (SIRET or lower-cased name) → organisation id, when exactly one matches."""
    sirets = {r.provider_siret for r in records if r.provider_siret}
    names = {r.provider_name for r in records if r.provider_name}
    out: dict[str, int] = {}
    for pk, siret in Organisation.objects.filter(siret__in=sirets).values_list("id", "siret"):
        if siret:
            out[siret] = pk
    by_name: dict[str, list[int]] = defaultdict(list)
    for pk, name in Organisation.objects.filter(name__in=names).values_list("id", "name"):
        by_name[name.lower()].append(pk)
    out.update({name: ids[0] for name, ids in by_name.items() if len(ids) == 1})
    return out


def _fields(r: ProgrammeRecord, links: dict[str, int], lazy: _LazyClassifier) -> dict[str, object]:
    rome = list(r.rome_codes)
    rome_from = "data" if rome else ""
    skills: list[dict[str, str]] = []
    classifier = lazy.get()
    if classifier is not None:
        result = classifier.classify(Offer(r.external_id, r.title, r.domain))
        if not rome:
            rome, rome_from = list(result.codes[:3]), "classifier"
        skills = [{"code": s.code, "label": s.label} for s in result.skills]
    return {
        "title": r.title[:500],
        "provider_name": r.provider_name[:300],
        "provider_siret": r.provider_siret[:14],
        "organisation_id": links.get(r.provider_siret) or links.get(r.provider_name.lower()),
        "certification_code": r.certification_code,
        "level": r.level[:60],
        "nsf_code": r.nsf_code[:5],
        "duration_hours": r.duration_hours,
        "duration_text": r.duration_text[:60],
        "modality": r.modality,
        "city": r.city[:120],
        "postcode": r.postcode[:5],
        "commune_insee": r.commune_insee[:5],
        "department": r.department[:3],
        "funding": list(r.funding),
        "rome_codes": rome,
        "rome_from": rome_from,
        "skills": skills,
        "url": r.url[:500],
        "domain": r.domain[:120],
        "content_hash": r.content_hash(),
    }


@transaction.atomic
def programmes_import(*, fmt: str, data: bytes, source_name: str = "") -> ImportReport:
    """Parse a whole catalogue file, then upsert on (source, external_id) + content hash.

    A refused file raises `CatalogueError` before anything is written. Rows edited by staff
    (`staff_edited`) are never overwritten.
    """
    records = parse_catalogue(fmt, data)
    report = ImportReport(fmt=fmt, rows=len(records))
    run = ImportRun.objects.create(
        kind=f"training:{fmt}", source=source_name[:500], started_at=timezone.now()
    )
    classifier = _LazyClassifier()
    links = _links(records)
    existing = {
        (p.source, p.external_id): p
        for p in Programme.objects.filter(source__in={r.source for r in records})
    }
    for r in records:
        current = existing.get((r.source, r.external_id))
        if current is not None and current.content_hash == r.content_hash():
            report.unchanged += 1
            continue
        if current is not None and current.staff_edited:
            report.kept_staff_edits += 1
            continue
        values = _fields(r, links, classifier)
        report.classified += values["rome_from"] == "classifier"
        report.linked_to_directory += values["organisation_id"] is not None
        if current is None:
            programme = Programme.objects.create(
                source=r.source, external_id=r.external_id, **values
            )
            report.created += 1
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            programme = current
            programme.sessions.all().delete()
            report.updated += 1
        TrainingSession.objects.bulk_create(
            TrainingSession(
                programme=programme,
                start=s.start,
                end=s.end,
                city=s.city[:120],
                postcode=s.postcode[:5],
            )
            for s in r.sessions
        )
    run.finished_at = timezone.now()
    run.status = RunStatus.SUCCEEDED
    run.counts = {
        k: getattr(report, k)
        for k in ("rows", "created", "updated", "unchanged", "kept_staff_edits")
    }
    run.save()
    return report


def import_refused(*, fmt: str, source_name: str, error: CatalogueError) -> None:
    """Record a refused import in the run ledger (outside the refused transaction)."""
    now = timezone.now()
    ImportRun.objects.create(
        kind=f"training:{fmt}",
        source=source_name[:500],
        started_at=now,
        finished_at=now,
        status=RunStatus.FAILED,
        error=str(error)[:2000],
    )


def need_rome_suggestions(text: str, top: int = 3) -> list[tuple[str, str]]:
    """The ROME fiches an upskilling need is most likely about (the offer classifier read on
    the need's text), as (code, label); empty when the ROME referential is not loaded."""
    try:
        classifier = offer_classifier()
    except TaxonomyMissing:
        return []
    result = classifier.classify(Offer("need", text[:300], text), top=top)
    return [(c.code, c.label) for c in result.candidates]


@transaction.atomic
def upskilling_need_submit(
    *, organisation: Organisation, text: str, skill_key: str, department: str, headcount: int = 1
) -> UpskillingNeed:
    """Record an upskilling need; `skill_key` is the ROME/skill key it was analysed into."""
    key = " ".join(skill_key.lower().split())
    if not key:
        raise ValueError("skill_key is empty")
    if headcount < 1:
        raise ValueError("headcount must be at least 1")
    return UpskillingNeed.objects.create(
        organisation=organisation,
        text=text,
        skill_key=key,
        department=department,
        headcount=headcount,
    )


@transaction.atomic
def collective_sessions_propose(
    *, min_companies: int = POOL_MIN_COMPANIES
) -> list[CollectiveSession]:
    """Group unpooled needs with the same skill key and département from ≥ `min_companies`
    distinct companies into a proposed collective session (with the best matching programme
    of the catalogue for that key, when one exists). Re-running proposes nothing twice."""
    groups: dict[tuple[str, str], list[UpskillingNeed]] = defaultdict(list)
    for need in UpskillingNeed.objects.filter(pooled_in__isnull=True).order_by("id"):
        groups[(need.skill_key, need.department)].append(need)
    proposals = []
    for (key, department), needs in sorted(groups.items()):
        if len({n.organisation_id for n in needs}) < min_companies:
            continue
        programme = _programme_for(key, department)
        session = CollectiveSession.objects.create(
            skill_key=key,
            department=department,
            programme=programme,
            headcount=sum(n.headcount for n in needs),
        )
        UpskillingNeed.objects.filter(id__in=[n.id for n in needs]).update(pooled_in=session)
        proposals.append(session)
    return proposals


@transaction.atomic
def collective_session_decide(*, session_id: int, status: str) -> CollectiveSession:
    """Confirm or cancel a proposed session; cancelling gives its needs back to the pending
    pool (they can be grouped again). Only a proposed session can be decided (ValueError)."""
    session = CollectiveSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise LookupError(session_id)
    if status not in (CollectiveSession.Status.CONFIRMED, CollectiveSession.Status.CANCELLED):
        raise ValueError("Décision inconnue.")
    if session.status != CollectiveSession.Status.PROPOSED:
        raise ValueError(f"Cette session est déjà {session.get_status_display()}.")
    session.status = status
    session.save(update_fields=["status"])
    if status == CollectiveSession.Status.CANCELLED:
        UpskillingNeed.objects.filter(pooled_in=session).update(pooled_in=None)
    return session


# Demo upskilling needs: (département, ROME fiche, what the company wrote, people to train).
# Three Calvados companies share a cyber need and two Seine-Maritime ones a web one (pooled by
# staff from /formations/mutualisation/); the Manche one stays alone (not pooled).
DEMO_NEEDS: tuple[tuple[str, str, str, int], ...] = (
    ("14", "M1844", "Former nos techniciens à la détection des cyberattaques", 2),
    ("14", "M1844", "Sensibiliser et former l'équipe informatique à la sécurité des réseaux", 3),
    ("14", "M1844", "Former un administrateur à l'analyse des journaux de sécurité", 1),
    ("76", "M1805", "Monter en compétences sur le développement web en Python", 2),
    ("76", "M1805", "Former deux développeurs au framework Django", 2),
    ("50", "M1811", "Initier une collaboratrice à l'ingénierie des données", 1),
)


@transaction.atomic
def demo_needs_seed() -> int:
    """Record the demo companies' upskilling needs once (nothing when some already exist or
    when the demo directory lacks companies in those départements); returns how many."""
    if UpskillingNeed.objects.filter(organisation__is_demo=True).exists():
        return 0
    used: set[int] = set()
    created = 0
    for department, rome, text, headcount in DEMO_NEEDS:
        company = (
            Organisation.objects.filter(
                is_demo=True, kind="company", is_closed=False, department_code=department
            )
            .exclude(id__in=used)
            .order_by("external_id")
            .first()
        )
        if company is None:
            continue
        used.add(company.pk)
        upskilling_need_submit(
            organisation=company,
            text=text,
            skill_key=rome,
            department=department,
            headcount=headcount,
        )
        created += 1
    return created


def _programme_for(key: str, department: str = "") -> Programme | None:
    """The programme to suggest for a pooled need: among those preparing the ROME code `key`,
    the one that names it first (its main occupation), then one in the session's département,
    then the oldest; for a key that is not a ROME code, the first whose title holds it."""
    if len(key) == 5 and key[0].isalpha() and key[1:].isdigit():
        code = key.upper()
        best: tuple[int, int, int] | None = None
        # JSON containment is not portable to SQLite: scan the (small) list of codes in Python.
        for pk, codes, dep in Programme.objects.values_list("id", "rome_codes", "department"):
            if code in codes:
                rank = (codes.index(code), 0 if department and dep == department else 1, pk)
                best = rank if best is None or rank < best else best
        return Programme.objects.get(pk=best[2]) if best is not None else None
    return Programme.objects.filter(title__icontains=key).order_by("id").first()
