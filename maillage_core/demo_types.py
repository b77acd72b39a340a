"""The inputs and outputs of the demo generator (`maillage_core.demo`): frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maillage_core.catalogue import DOMAINS, LABELS, DomainDef, LabelDef


@dataclass(frozen=True)
class CommuneRef:
    insee: str
    name: str
    department_code: str
    department_name: str
    region_code: str
    epci_siren: str
    population: int
    latitude: float | None
    longitude: float | None
    postcode: str


@dataclass(frozen=True)
class NafRef:
    code: str  # dotted NAF rév. 2 form, e.g. "62.01Z"
    label: str


@dataclass(frozen=True)
class RomeRef:
    code: str  # ROME 4.0 fiche, e.g. "M1805"
    label: str


@dataclass(frozen=True)
class DemoInputs:
    communes: tuple[CommuneRef, ...]
    digital_naf: tuple[NafRef, ...]
    rome: tuple[RomeRef, ...] = ()
    domains: tuple[DomainDef, ...] = DOMAINS
    labels: tuple[LabelDef, ...] = LABELS


@dataclass(frozen=True)
class DemoLabel:
    slug: str
    valid_from: date
    valid_to: date | None
    reference: str


@dataclass(frozen=True)
class DemoSkill:
    code: str
    label: str


@dataclass(frozen=True)
class DemoContact:
    first_name: str
    last_name: str
    role: str
    email: str
    phone: str


@dataclass(frozen=True)
class DemoOrganisation:
    external_id: str
    siret: str
    name: str
    kind: str
    naf_code: str
    size_band: str
    legal_category: str
    is_head_office: bool
    created_on: date
    address: str
    postcode: str
    commune_insee: str
    department_code: str
    region_code: str
    epci_siren: str
    latitude: float | None
    longitude: float | None
    hq_country: str
    hq_region_code: str
    website: str
    description: str
    membership: str
    domains: tuple[str, ...]
    labels: tuple[DemoLabel, ...]
    skills: tuple[DemoSkill, ...]
    contacts: tuple[DemoContact, ...]

    @property
    def siren(self) -> str:
        return self.siret[:9]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    email: str
    group: str | None  # a maillage.accounts.roles group name
    is_staff: bool
    is_superuser: bool
    organisation_external_id: str | None = None


@dataclass(frozen=True)
class DemoEcosystem:
    organisations: tuple[DemoOrganisation, ...]
    users: tuple[DemoUser, ...]
