"""Core records (maillage_core) → directory import records (field values for Organisation).

Also the plain records importers and services exchange, so both depend on this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage_core.lambert import in_lambert93_extent, lambert93_to_wgs84
from maillage_core.sirene import Establishment, content_hash, department_from_commune

SIRENE_SOURCE = "sirene"


@dataclass(frozen=True)
class OrganisationRecord:
    """One organisation as an import sees it: natural key, values, hash of those values."""

    siret: str | None
    source: str
    external_id: str | None
    fields: dict[str, Any]
    content_hash: str
    domains: tuple[str, ...] | None = None  # None: the import does not manage domains
    labels: tuple[str, ...] | None = None
    # (key, text as written), sorted by key; None: the import does not manage them.
    specialties: tuple[tuple[str, str], ...] | None = None
    declared_labels: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class CommuneGeo:
    """What an importer copies from a commune onto an organisation."""

    insee: str
    department_code: str
    region_code: str
    epci_siren: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class LegalUnit:
    """What the establishment import takes from `StockUniteLegale` when it is given."""

    name: str
    legal_category: str


def establishment_position(
    establishment: Establishment, geo: CommuneGeo | None
) -> tuple[float | None, float | None]:
    """Lambert 93 position when Sirene gives one in metropolitan France, else commune centroid."""
    x, y = establishment.lambert_x, establishment.lambert_y
    overseas = establishment.commune_code.startswith(("97", "98"))
    if x is not None and y is not None and not overseas and in_lambert93_extent(x, y):
        point = lambert93_to_wgs84(x, y)
        return round(point.latitude, 6), round(point.longitude, 6)
    if geo is not None:
        return geo.latitude, geo.longitude
    return None, None


def establishment_record(
    establishment: Establishment, geo: CommuneGeo | None, legal: LegalUnit | None = None
) -> OrganisationRecord:
    """The Organisation values a Sirene establishment maps to, with their content hash."""
    latitude, longitude = establishment_position(establishment, geo)
    code = establishment.commune_code
    fields: dict[str, Any] = {
        "siren": establishment.siren,
        "name": establishment.name(legal.name if legal else "")[:250],
        "naf_code": establishment.naf_code,
        "size_band": establishment.size_band,
        "is_head_office": establishment.is_head_office,
        "created_on": establishment.created_on,
        "is_closed": establishment.is_closed,
        "closed_on": establishment.closed_on,
        "address": establishment.address[:300],
        "postcode": establishment.postcode,
        "commune_id": geo.insee if geo else None,
        "department_code": geo.department_code if geo else department_from_commune(code),
        "region_code": geo.region_code if geo else "",
        "epci_siren": geo.epci_siren if geo else "",
        "latitude": latitude,
        "longitude": longitude,
    }
    if legal is not None:
        fields["legal_category"] = legal.legal_category
    # Insertion order of `fields` is fixed above, so the values alone identify the content.
    digest = content_hash([establishment.siret, *fields.values()])
    return OrganisationRecord(
        siret=establishment.siret,
        source=SIRENE_SOURCE,
        external_id=None,
        fields=fields,
        content_hash=digest,
    )
