"""`demo_history_load`: replay the planned six-month matchmaking history through the services.

The plan (`maillage_core.demo_history`) is pure; this module feeds it the demo directory's
requesters and replays its steps in time order with the functions the pages call: the
requester's `need_submit`, staff's `need_qualify`, `need_suggest` and `introductions_send`,
the provider's and staff's `introduction_apply`, the follow-up job's remind/expire followed
by `reroute_need`, and the requester's rating (the `survey` event with "avis du demandeur").
Every move is thus checked by the state machine, recorded as an `IntroductionEvent` and its
e-mails go through the outbox, each with the step's own date.

Idempotent: the history's needs carry the reserved contact domain
`maillage_core.demo_history.CONTACT_DOMAIN`, and the run is recorded in `ImportRun`
(kind `demo-history`, source = seed and plan fingerprint). The same plan already loaded →
nothing is written; otherwise those needs (and only those: their suggestions, introductions
and events cascade) are deleted and the plan is replayed in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from maillage.accounts.models import OrganisationMembership
from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import Organisation, OrganisationKind
from maillage.matching.engine import need_suggest
from maillage.matching.intake import need_submit
from maillage.matching.models import Introduction, Need
from maillage.matching.qualification import need_qualify
from maillage.matching.routing import reroute_need
from maillage.matching.services import (
    PipelineError,
    follow_up_policy,
    introduction_apply,
    introductions_send,
)
from maillage.opendata.models import Commune
from maillage_core.demo_history import (
    CONTACT_DOMAIN,
    MAX_COUNT,
    Action,
    Actor,
    HistoryInputs,
    HistoryPlan,
    Requester,
    Step,
    plan_history,
)
from maillage_core.demo_tables import CLIENT_NAF
from maillage_core.intake import IntakeError

RUN_KIND = "demo-history"
STAFF_USERNAME = "demo.reseau"
SUGGESTIONS = 10


class DemoHistoryError(ValueError):
    """The history cannot be loaded (French one-line reason)."""


@dataclass
class HistoryReport:
    seed: int
    fingerprint: str
    unchanged: bool
    deleted: int = 0
    needs: int = 0
    introductions: int = 0
    events: int = 0
    reroutes: int = 0
    skipped: list[str] = field(default_factory=list)
    by_state: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    contracts: int = 0
    contract_amount: Decimal = Decimal("0")
    ratings: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "fingerprint": self.fingerprint,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "needs": self.needs,
            "introductions": self.introductions,
            "events": self.events,
            "reroutes": self.reroutes,
            "skipped": self.skipped,
            "by_state": self.by_state,
            "by_status": self.by_status,
            "contracts": self.contracts,
            "contract_amount": str(self.contract_amount),
            "ratings": self.ratings,
        }


def history_needs() -> QuerySet[Need]:
    """The needs of the demo history (and nothing else: the reserved contact domain)."""
    return Need.objects.filter(contact_email__iendswith=f"@{CONTACT_DOMAIN}")


def history_inputs() -> HistoryInputs:
    """The requesters the plan may use: demo client companies (key = NAF division), demo
    town halls and communities of communes; and the region's communes for the others."""
    requesters: list[Requester] = []
    rows = (
        Organisation.objects.filter(is_demo=True, is_closed=False, commune__isnull=False)
        .filter(kind__in=[OrganisationKind.COMPANY, OrganisationKind.PUBLIC_BODY])
        .values_list("kind", "naf_code", "name", "siret", "commune_id", "commune__name")
        .order_by("external_id")
    )
    for kind, naf, name, siret, insee, commune in rows:
        if kind == OrganisationKind.COMPANY and naf[:2] in CLIENT_NAF:
            key = naf[:2]
        elif kind == OrganisationKind.PUBLIC_BODY and name.startswith(
            ("Mairie", "Communauté de communes", "Syndicat")
        ):
            key = "public_body"
        else:
            continue
        requesters.append(Requester(key, name, siret or "", insee, commune))
    used = {r.commune_insee for r in requesters}
    communes = tuple(
        Commune.objects.filter(insee__in=used).order_by("insee").values_list("insee", "name")
    )
    return HistoryInputs(tuple(requesters), communes)


def _fingerprint_source(plan: HistoryPlan) -> str:
    return f"seed={plan.seed} today={plan.today.isoformat()} plan={plan.fingerprint()}"


def demo_history_load(
    *, seed: int, today: date, count: int = MAX_COUNT, force: bool = False
) -> HistoryReport:
    """Load the history (or find it already loaded); raises DemoHistoryError."""
    staff = get_user_model().objects.filter(username=STAFF_USERNAME).first()
    if staff is None:
        raise DemoHistoryError(f"compte {STAFF_USERNAME} absent : lancez d'abord `maillage demo`.")
    inputs = history_inputs()
    if not inputs.requesters:
        raise DemoHistoryError(
            "aucune entreprise de démonstration : lancez d'abord `maillage demo`."
        )
    policy = follow_up_policy()
    plan = plan_history(
        inputs,
        seed=seed,
        today=today,
        count=count,
        reminder_days=policy.reminder_after.days,
        reroute_days=policy.reroute_after.days,
    )
    source = _fingerprint_source(plan)
    last = (
        ImportRun.objects.filter(kind=RUN_KIND, status=RunStatus.SUCCEEDED)
        .order_by("-started_at", "-id")
        .first()
    )
    if (
        not force
        and last is not None
        and last.source == source
        and history_needs().count() == len(plan.needs)
    ):
        report = HistoryReport(seed, plan.fingerprint(), unchanged=True)
        return _with_figures(report)
    run = ImportRun.objects.create(kind=RUN_KIND, source=source, started_at=timezone.now())
    try:
        report = _replay(plan, staff=staff)
    except Exception as exc:
        run.status = RunStatus.FAILED
        run.error = repr(exc)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    report = _with_figures(report)
    run.status = RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.counts = {
        "deleted": report.deleted,
        "needs": report.needs,
        "introductions": report.introductions,
        "events": report.events,
        "reroutes": report.reroutes,
        "skipped": len(report.skipped),
    }
    run.save(update_fields=["status", "finished_at", "counts"])
    return report


def demo_history_reset() -> int:
    """Delete the history's needs (cascading to their suggestions, introductions, events)."""
    deleted, _ = history_needs().delete()
    return deleted


class _Replay:
    def __init__(self, plan: HistoryPlan, *, staff: User) -> None:
        self.plan = plan
        self.staff = staff
        self.needs: dict[int, Need] = {}
        self.slots: dict[tuple[int, int], Introduction] = {}
        self.report = HistoryReport(plan.seed, plan.fingerprint(), unchanged=False)
        # Organisations with a demo account: staff send them their leads when they are among
        # the suggestions, so that the provider pages of the demo accounts have something.
        self.featured = set(
            OrganisationMembership.objects.filter(user__username__startswith="demo.").values_list(
                "organisation_id", flat=True
            )
        )
        self.members: dict[int, User] = {}
        for m in OrganisationMembership.objects.select_related("user").order_by("id"):
            self.members.setdefault(m.organisation_id, m.user)

    def run(self) -> HistoryReport:
        for step in self.plan.steps:
            handler = {
                Action.SUBMIT: self.submit,
                Action.QUALIFY: self.qualify,
                Action.SEND: self.send,
                Action.EVENT: self.event,
                Action.REROUTE: self.reroute,
            }[step.action]
            handler(step)
        return self.report

    def _skip(self, step: Step, why: str) -> None:
        self.report.skipped.append(f"besoin {step.need} {step.action} {step.at:%Y-%m-%d} : {why}")

    def submit(self, step: Step) -> None:
        planned = self.plan.needs[step.need]
        requester = planned.requester
        commune = (
            Commune.objects.filter(insee=requester.commune_insee).first()
            if requester.commune_insee
            else None
        )
        try:
            need = need_submit(
                text=planned.text,
                contact_name=planned.contact_name,
                contact_email=planned.contact_email,
                consent=True,
                organisation_name=requester.name,
                siret=requester.siret,
                commune=commune,
                now=step.at,
            )
        except IntakeError as exc:
            self._skip(step, str(exc))
            return
        Need.objects.filter(pk=need.pk).update(updated_at=step.at)
        self.needs[step.need] = need
        self.report.needs += 1

    def qualify(self, step: Step) -> None:
        need = self.needs.get(step.need)
        if need is not None and not need_qualify(need=need, actor=self.staff, now=step.at):
            self._skip(step, f"état {need.status}")

    def send(self, step: Step) -> None:
        need = self.needs.get(step.need)
        if need is None:
            return
        planned = self.plan.needs[step.need]
        suggestions = need_suggest(need=need, limit=SUGGESTIONS, now=step.at)
        chosen = [s.organisation for s in suggestions[: planned.providers]]
        featured = [s.organisation for s in suggestions if s.organisation_id in self.featured]
        for org in featured:
            if org not in chosen and chosen:
                chosen[-1] = org
                break
        if not chosen:
            self._skip(step, "aucune suggestion (index de recherche vide ?)")
            return
        try:
            created = introductions_send(need=need, providers=chosen, actor=self.staff, now=step.at)
        except PipelineError as exc:
            self._skip(step, str(exc))
            return
        for slot, intro in enumerate(created):
            self.slots[(step.need, slot)] = intro
        self.report.introductions += len(created)

    def _actor(self, step: Step, intro: Introduction) -> User | None:
        if step.actor is Actor.STAFF:
            return self.staff
        if step.actor is Actor.PROVIDER:
            # the provider's own account, else staff recording what the provider said
            return self.members.get(intro.provider_id, self.staff)
        return None  # the follow-up job, or the requester behind the status link

    def event(self, step: Step) -> None:
        intro = self.slots.get((step.need, step.slot))
        if intro is None or step.event is None:
            return  # its sending or re-routing did not happen (a small directory)
        intro.refresh_from_db()
        try:
            introduction_apply(
                introduction=intro,
                event=step.event,
                actor=self._actor(step, intro),
                now=step.at,
                note=step.note,
                amount=step.amount,
                satisfaction=step.satisfaction,
            )
        except PipelineError as exc:
            self._skip(step, str(exc))
            return
        self.report.events += 1

    def reroute(self, step: Step) -> None:
        need = self.needs.get(step.need)
        if need is None:
            return
        need.refresh_from_db()
        before = set(need.introductions.values_list("id", flat=True))
        if not reroute_need(need=need, now=step.at):
            self._skip(step, "aucun autre prestataire suggéré")
            return
        created = need.introductions.exclude(id__in=before).order_by("id").first()
        if created is not None:
            self.slots[(step.need, step.slot)] = created
            self.report.reroutes += 1
            self.report.introductions += 1


@transaction.atomic
def _replay(plan: HistoryPlan, *, staff: User) -> HistoryReport:
    deleted = demo_history_reset()
    report = _Replay(plan, staff=staff).run()
    report.deleted = deleted
    return report


def _with_figures(report: HistoryReport) -> HistoryReport:
    """The loaded history's figures (from the database, whatever this run wrote)."""
    needs = history_needs()
    intros = Introduction.objects.filter(need__in=needs)
    report.by_status = dict(needs.values_list("status").annotate(n=Count("id")).order_by())
    report.by_state = dict(intros.values_list("state").annotate(n=Count("id")).order_by())
    contracts = intros.filter(contract_amount__isnull=False)
    report.contracts = contracts.count()
    report.contract_amount = contracts.aggregate(t=Sum("contract_amount"))["t"] or Decimal("0")
    report.ratings = intros.filter(satisfaction__isnull=False).count()
    if report.unchanged:
        report.needs = needs.count()
        report.introductions = intros.count()
    return report


def status_links(limit: int = 3) -> list[tuple[str, str]]:
    """(organisation, status page path) of a few history needs that have a provider's
    answer, for the demo's printout (the status page is behind a secret link)."""
    from django.urls import reverse

    from maillage.matching.access import status_key

    rows = (
        history_needs()
        .filter(introductions__satisfaction__isnull=False)
        .distinct()
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        (n.organisation_name, reverse("matching:need_status", args=[status_key(n)])) for n in rows
    ]
