"""FundingCall rows ↔ the pure core's records (`CallRecord`, eligibility `Organisation`,
ranking `Candidate`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.directory.models import Organisation, OrganisationKind
from maillage.funding.models import FundingCall, tags_decode, tags_encode
from maillage_core.funding import eligibility as el
from maillage_core.funding.types import CallRecord, Perimeter
from maillage_core.funding.vocab import AidType, Audience, PerimeterKind, Recurrence, Theme
from maillage_core.matching.candidate import Candidate

# The content fields of a call as the model stores them (everything an import may write).
CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "url",
    "application_url",
    "funders_tags",
    "instructors_tags",
    "programmes_tags",
    "aid_types_tags",
    "is_aap",
    "is_ami",
    "recurrence",
    "opening_date",
    "predeposit_date",
    "deadline",
    "audiences_tags",
    "perimeter_kind",
    "perimeter_code",
    "perimeter_label",
    "themes_tags",
    "subsidy_rate_min",
    "subsidy_rate_max",
    "amount_min",
    "amount_max",
    "naf_exclusions_tags",
    "source_categories",
)

# Funding themes → the network's domains of expertise (catalogue slugs), so one ranking engine
# can compare a call with an organisation's or a need's domains.
THEME_DOMAINS: dict[str, tuple[str, ...]] = {
    Theme.NUMERIQUE: ("conseil", "logiciel", "web", "mediation"),
    Theme.IA: ("ia",),
    Theme.CYBERSECURITE: ("cybersecurite",),
    Theme.DATA: ("data",),
    Theme.INNOVATION_RD: ("ia", "logiciel", "iot"),
    Theme.INDUSTRIE_FUTUR: ("iot",),
    Theme.FORMATION_COMPETENCES: ("formation",),
    Theme.EXPORT: ("conseil",),
    Theme.CREATION_REPRISE: ("conseil",),
}


def model_values(record: CallRecord) -> dict[str, Any]:
    """The model field values of a parsed (and enriched) record."""
    perimeter = record.perimeter
    return {
        "title": record.title[:500],
        "description": record.description,
        "url": record.url[:1000],
        "application_url": record.application_url[:1000],
        "funders_tags": tags_encode(record.funders),
        "instructors_tags": tags_encode(record.instructors),
        "programmes_tags": tags_encode(record.programmes),
        "aid_types_tags": tags_encode(record.aid_types),
        "is_aap": record.is_aap,
        "is_ami": record.is_ami,
        "recurrence": record.recurrence.value if record.recurrence else "",
        "opening_date": record.opening_date,
        "predeposit_date": record.predeposit_date,
        "deadline": record.deadline,
        "audiences_tags": tags_encode(record.audiences),
        "perimeter_kind": perimeter.kind.value if perimeter else "",
        "perimeter_code": perimeter.code if perimeter else "",
        "perimeter_label": perimeter.label[:200] if perimeter else "",
        "themes_tags": tags_encode(record.themes),
        "subsidy_rate_min": record.subsidy_rate_min,
        "subsidy_rate_max": record.subsidy_rate_max,
        "amount_min": record.amount_min,
        "amount_max": record.amount_max,
        "naf_exclusions_tags": tags_encode(record.naf_exclusions),
        "source_categories": list(record.source_categories),
    }


def json_value(value: Any) -> Any:
    """A model value as JSON (dates ISO) for the review queue and `--json` output."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _enum_tuple(enum: type[Any], text: str) -> tuple[Any, ...]:
    known = {e.value for e in enum}
    return tuple(enum(v) for v in tags_decode(text) if v in known)


def call_record(call: FundingCall) -> CallRecord:
    """The core record of a stored call (for eligibility, dedupe, ICS)."""
    perimeter = None
    if call.perimeter_kind in {k.value for k in PerimeterKind}:
        perimeter = Perimeter(
            PerimeterKind(call.perimeter_kind), call.perimeter_code, call.perimeter_label
        )
    return CallRecord(
        source=call.source,
        external_id=call.external_id,
        title=call.title,
        url=call.url,
        description=call.description,
        application_url=call.application_url,
        funders=call.funders,
        instructors=call.instructors,
        programmes=call.programmes,
        aid_types=_enum_tuple(AidType, call.aid_types_tags),
        is_aap=call.is_aap,
        is_ami=call.is_ami,
        recurrence=Recurrence(call.recurrence) if call.recurrence else None,
        opening_date=call.opening_date,
        predeposit_date=call.predeposit_date,
        deadline=call.deadline,
        audiences=_enum_tuple(Audience, call.audiences_tags),
        perimeter=perimeter,
        themes=_enum_tuple(Theme, call.themes_tags),
        subsidy_rate_min=call.subsidy_rate_min,
        subsidy_rate_max=call.subsidy_rate_max,
        amount_min=call.amount_min,
        amount_max=call.amount_max,
        naf_exclusions=call.naf_exclusions,
        source_categories=tuple(call.source_categories or ()),
    )


_KIND: dict[str, el.OrgKind] = {
    OrganisationKind.COMPANY: el.OrgKind.ENTREPRISE,
    OrganisationKind.PUBLIC_BODY: el.OrgKind.ETABLISSEMENT_PUBLIC,
    OrganisationKind.SCHOOL: el.OrgKind.RECHERCHE_FORMATION,
    OrganisationKind.TRAINING_BODY: el.OrgKind.RECHERCHE_FORMATION,
    OrganisationKind.LAB: el.OrgKind.RECHERCHE_FORMATION,
    OrganisationKind.ASSOCIATION: el.OrgKind.ASSOCIATION,
    OrganisationKind.TIERS_LIEU: el.OrgKind.ASSOCIATION,
}


def eligibility_organisation(org: Organisation) -> el.Organisation:
    """What eligibility needs to know of a directory organisation."""
    size = org.size_band if org.size_band and org.size_band != "NN" else None
    return el.Organisation(
        kind=_KIND.get(org.kind, el.OrgKind.ENTREPRISE),
        size_band=size,
        commune=org.commune_id or None,
        epci=org.epci_siren or None,
        departement=org.department_code or None,
        region=org.region_code or None,
        naf=org.naf_code or None,
    )


def call_domains(call: FundingCall) -> frozenset[str]:
    return frozenset(d for t in call.themes for d in THEME_DOMAINS.get(t, ()))


@dataclass(frozen=True)
class CallOffer:
    """A stored call as a rankable offer (`maillage_core.matching.Offer`)."""

    call: FundingCall
    skills: frozenset[str]

    def as_candidate(self) -> Candidate:
        return Candidate(
            id=f"call:{self.call.pk}",
            name=self.call.title,
            domains=call_domains(self.call),
            skills=self.skills,
            kind="funding_call",
        )
