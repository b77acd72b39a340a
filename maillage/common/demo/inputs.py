"""Read the reference data the demo generator needs from the open-data tables."""

from __future__ import annotations

from maillage.opendata.models import (
    Commune,
    CommunePostcode,
    DigitalSectorDefinition,
    NafCode,
    RomeFiche,
)
from maillage_core.demo import CommuneRef, DemoInputs, NafRef, RomeRef


class DemoInputMissing(Exception):
    """The open data the demo needs is not loaded (message is the one-line fix)."""


def demo_inputs(*, region_code: str) -> DemoInputs:
    """Communes of the region (required), the latest digital-sector NAF codes and M18 fiches."""
    rows = list(
        Commune.objects.filter(region_id=region_code)
        .order_by("insee")
        .values_list(
            "insee",
            "name",
            "department_id",
            "department__name",
            "region_id",
            "epci_id",
            "population",
            "latitude",
            "longitude",
        )
    )
    if not rows:
        raise DemoInputMissing(
            f"aucune commune de la région {region_code} : lancez d'abord "
            "`maillage opendata load geo` (no communes loaded)"
        )
    postcodes: dict[str, str] = {}
    for insee, postcode in (
        CommunePostcode.objects.filter(commune__region_id=region_code)
        .order_by("commune_id", "postcode")
        .values_list("commune_id", "postcode")
    ):
        postcodes.setdefault(insee, postcode)
    communes = tuple(
        CommuneRef(
            insee=insee,
            name=name,
            department_code=dept,
            department_name=dept_name,
            region_code=region,
            epci_siren=epci or "",
            population=population or 0,
            latitude=lat,
            longitude=lon,
            postcode=postcodes.get(insee, ""),
        )
        for insee, name, dept, dept_name, region, epci, population, lat, lon in rows
    )
    return DemoInputs(communes=communes, digital_naf=_digital_naf(), rome=_rome())


def _digital_naf() -> tuple[NafRef, ...]:
    """The latest digital-sector definition, or () so the generator uses its built-in list."""
    definition = DigitalSectorDefinition.objects.order_by("-valid_from", "-version").first()
    if definition is None:
        return ()
    codes = list(definition.codes.order_by("naf_code").values_list("naf_code", "label"))
    labels = dict(
        NafCode.objects.filter(code__in=[c for c, _ in codes]).values_list("code", "label")
    )
    return tuple(NafRef(_dotted(code), label or labels.get(code, "")) for code, label in codes)


def _dotted(code: str) -> str:
    """`6201Z` → `62.01Z` (the form Sirene files and the directory use)."""
    return code if "." in code or len(code) != 5 else f"{code[:2]}.{code[2:]}"


def _rome() -> tuple[RomeRef, ...]:
    """ROME 4.0 fiches of the digital domain (M18xx), when `opendata load rome` ran."""
    return tuple(
        RomeRef(code, label)
        for code, label in RomeFiche.objects.filter(code__startswith="M18")
        .order_by("code")
        .values_list("code", "label")
    )
