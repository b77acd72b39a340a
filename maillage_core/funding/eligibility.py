"""Is an organisation eligible for a call? Explained, criterion by criterion, in French.

Four criteria are checked: the deadline (and opening date), the audience (kind of
organisation and, for companies, size band), the perimeter (commune ⊂ EPCI ⊂ département ⊂
région ⊂ France ⊂ EU) and sector exclusions (NAF). Each gives eligible, not eligible or "to
check" (a fact is missing on either side); the verdict is *not eligible* if any criterion
fails, else *to check* if any is unknown, else *eligible*.

Size bands follow the headcount thresholds of décret n° 2008-1354 (art. 3): micro-enterprise
(TPE) < 10 employees, PME < 250 (TPE included, as in the EU definition), ETI < 5,000, large
company ≥ 5,000. Turnover and balance-sheet criteria are not modelled: a call for "PME" is
matched on headcount only, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from maillage_core.funding.territories import DEPARTEMENTS, REGIONS
from maillage_core.funding.types import CallRecord, Perimeter
from maillage_core.funding.vocab import COMPANY_AUDIENCES, Audience, PerimeterKind


class OrgKind(StrEnum):
    ENTREPRISE = "entreprise"
    ENTREPRISE_PUBLIQUE_LOCALE = "entreprise_publique_locale"
    ASSOCIATION = "association"
    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    RECHERCHE_FORMATION = "recherche_formation"
    AGRICULTEUR = "agriculteur"
    PARTICULIER = "particulier"


_KIND_AUDIENCE: dict[OrgKind, Audience] = {
    OrgKind.ENTREPRISE: Audience.ENTREPRISE,
    OrgKind.ENTREPRISE_PUBLIQUE_LOCALE: Audience.ENTREPRISE_PUBLIQUE_LOCALE,
    OrgKind.ASSOCIATION: Audience.ASSOCIATION,
    OrgKind.COMMUNE: Audience.COMMUNE,
    OrgKind.EPCI: Audience.EPCI,
    OrgKind.DEPARTEMENT: Audience.DEPARTEMENT,
    OrgKind.REGION: Audience.REGION,
    OrgKind.ETABLISSEMENT_PUBLIC: Audience.ETABLISSEMENT_PUBLIC,
    OrgKind.RECHERCHE_FORMATION: Audience.RECHERCHE_FORMATION,
    OrgKind.AGRICULTEUR: Audience.AGRICULTEUR,
    OrgKind.PARTICULIER: Audience.PARTICULIER,
}

# INSEE "tranche d'effectif salarié" codes -> (min, max) employees; "NN" is unknown.
SIZE_BANDS: dict[str, tuple[int, int]] = {
    "00": (0, 0),
    "01": (1, 2),
    "02": (3, 5),
    "03": (6, 9),
    "11": (10, 19),
    "12": (20, 49),
    "21": (50, 99),
    "22": (100, 199),
    "31": (200, 249),
    "32": (250, 499),
    "41": (500, 999),
    "42": (1000, 1999),
    "51": (2000, 4999),
    "52": (5000, 9999),
    "53": (10000, 10**9),
}


@dataclass(frozen=True)
class Organisation:
    """What we know of an organisation; any fact may be missing (then "to check")."""

    kind: OrgKind
    employees: int | None = None
    size_band: str | None = None  # INSEE tranche code, used when `employees` is None
    is_startup: bool = False
    commune: str | None = None  # INSEE code, e.g. "50502"
    epci: str | None = None  # SIREN of its EPCI
    departement: str | None = None  # derived from `commune` when missing
    region: str | None = None  # derived from the département when missing
    naf: str | None = None  # "62.01Z"


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "non_eligible"
    TO_CHECK = "a_verifier"

    @property
    def label(self) -> str:
        return {"eligible": "Éligible", "non_eligible": "Non éligible", "a_verifier": "À vérifier"}[
            self.value
        ]


@dataclass(frozen=True)
class Criterion:
    name: str  # "date limite", "public", "territoire", "secteur"
    outcome: Verdict
    reason: str  # French, shown to the user


@dataclass(frozen=True)
class Eligibility:
    verdict: Verdict
    criteria: tuple[Criterion, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons behind the verdict: failed criteria, else unknown ones, else all."""
        if self.verdict is Verdict.ELIGIBLE:
            return tuple(c.reason for c in self.criteria)
        return tuple(c.reason for c in self.criteria if c.outcome is self.verdict)


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def size_audiences(employees: int) -> frozenset[Audience]:
    """Company size audiences for a headcount (décret 2008-1354 thresholds)."""
    if employees < 10:
        return frozenset({Audience.TPE, Audience.PME})
    if employees < 250:
        return frozenset({Audience.PME})
    if employees < 5000:
        return frozenset({Audience.ETI})
    return frozenset({Audience.GRANDE_ENTREPRISE})


def _org_sizes(org: Organisation) -> tuple[frozenset[Audience] | None, str]:
    if org.employees is not None:
        return size_audiences(org.employees), f"{org.employees} salariés"
    band = SIZE_BANDS.get(org.size_band or "")
    if band is None:
        return None, "effectif inconnu"
    low, high = band
    sizes = size_audiences(low)
    if size_audiences(high) != sizes:
        return None, f"effectif {low}–{high} salariés"
    return sizes, f"{low} à {high} salariés" if high < 10**9 else f"{low} salariés ou plus"


def _labels(audiences: frozenset[Audience] | tuple[Audience, ...]) -> str:
    return ", ".join(a.label for a in Audience if a in audiences)


def check_deadline(call: CallRecord, today: date) -> Criterion:
    if call.deadline is not None and call.deadline < today:
        return Criterion(
            "date limite", Verdict.NOT_ELIGIBLE, f"date limite dépassée ({_fr(call.deadline)})"
        )
    if call.opening_date is not None and call.opening_date > today:
        return Criterion(
            "date limite",
            Verdict.TO_CHECK,
            f"candidatures ouvertes à partir du {_fr(call.opening_date)}",
        )
    if call.deadline is None:
        return Criterion("date limite", Verdict.ELIGIBLE, "pas de date limite connue")
    days = (call.deadline - today).days
    return Criterion(
        "date limite",
        Verdict.ELIGIBLE,
        f"date limite le {_fr(call.deadline)} (dans {days} jour{'s' if days > 1 else ''})",
    )


def check_audience(org: Organisation, call: CallRecord) -> Criterion:
    wanted = frozenset(call.audiences)
    if not wanted:
        return Criterion("public", Verdict.TO_CHECK, "publics visés non précisés par la source")
    if org.kind is not OrgKind.ENTREPRISE:
        own = _KIND_AUDIENCE[org.kind]
        if own in wanted:
            return Criterion("public", Verdict.ELIGIBLE, f"public visé : {own.label}")
        return Criterion(
            "public",
            Verdict.NOT_ELIGIBLE,
            f"public non visé ({own.label}) ; l'appel vise : {_labels(wanted)}",
        )
    company_targets = wanted & COMPANY_AUDIENCES
    if not company_targets:
        return Criterion(
            "public",
            Verdict.NOT_ELIGIBLE,
            f"appel non ouvert aux entreprises ; il vise : {_labels(wanted)}",
        )
    if Audience.ENTREPRISE in company_targets:
        return Criterion("public", Verdict.ELIGIBLE, "appel ouvert aux entreprises privées")
    if org.is_startup and Audience.STARTUP in company_targets:
        return Criterion("public", Verdict.ELIGIBLE, "appel ouvert aux startups")
    sizes, described = _org_sizes(org)
    size_targets = company_targets - {Audience.STARTUP}
    if not size_targets:
        return Criterion(
            "public",
            Verdict.TO_CHECK,
            "appel réservé aux startups : statut de l'entreprise à vérifier",
        )
    if sizes is None:
        return Criterion(
            "public",
            Verdict.TO_CHECK,
            f"appel réservé aux {_labels(size_targets)} ; {described} : taille à vérifier",
        )
    if sizes & size_targets:
        return Criterion(
            "public",
            Verdict.ELIGIBLE,
            f"{_labels(sizes & size_targets)} ({described}) : public visé "
            "(critère d'effectif seul)",
        )
    return Criterion(
        "public",
        Verdict.NOT_ELIGIBLE,
        f"appel réservé aux {_labels(size_targets)} ; "
        f"l'entreprise est une {_labels(sizes)} ({described})",
    )


def departement_of(commune: str) -> str:
    """Département code of an INSEE commune code: 3 digits overseas (97x), else 2 ("2A")."""
    return commune[:3] if commune.startswith("97") else commune[:2]


def _located(org: Organisation) -> dict[PerimeterKind, str | None]:
    departement = org.departement or (departement_of(org.commune) if org.commune else None)
    region = org.region or (DEPARTEMENTS[departement][1] if departement in DEPARTEMENTS else None)
    return {
        PerimeterKind.COMMUNE: org.commune,
        PerimeterKind.EPCI: org.epci,
        PerimeterKind.DEPARTEMENT: departement,
        PerimeterKind.REGION: region,
    }


def _place_label(kind: PerimeterKind, code: str) -> str:
    if kind is PerimeterKind.DEPARTEMENT and code in DEPARTEMENTS:
        return f"{DEPARTEMENTS[code][0]} ({code})"
    if kind is PerimeterKind.REGION and code in REGIONS:
        return f"{REGIONS[code]} ({code})"
    return code


def check_perimeter(org: Organisation, perimeter: Perimeter | None) -> Criterion:
    if perimeter is None:
        return Criterion("territoire", Verdict.TO_CHECK, "territoire de l'appel non précisé")
    where = _located(org)
    if perimeter.kind in (PerimeterKind.FRANCE, PerimeterKind.EUROPE):
        if any(where.values()):
            return Criterion("territoire", Verdict.ELIGIBLE, f"appel ouvert : {perimeter.label}")
        return Criterion("territoire", Verdict.TO_CHECK, "localisation de l'organisation inconnue")
    label = perimeter.label or _place_label(perimeter.kind, perimeter.code)
    own = where[perimeter.kind]
    if own is None:
        return Criterion(
            "territoire",
            Verdict.TO_CHECK,
            f"appel limité à {perimeter.kind.label.lower()} {label} ; localisation à vérifier",
        )
    if own == perimeter.code:
        return Criterion("territoire", Verdict.ELIGIBLE, f"implantée dans le périmètre : {label}")
    return Criterion(
        "territoire",
        Verdict.NOT_ELIGIBLE,
        f"hors périmètre : l'appel vise {perimeter.kind.label.lower()} {label}, "
        f"l'organisation est en {_place_label(perimeter.kind, own)}",
    )


def _naf_key(code: str) -> str:
    return code.replace(".", "").replace(" ", "").upper()


def check_sector(org: Organisation, call: CallRecord) -> Criterion | None:
    if not call.naf_exclusions:
        return None
    if not org.naf:
        return Criterion(
            "secteur",
            Verdict.TO_CHECK,
            "secteurs exclus par l'appel ; code NAF de l'organisation inconnu",
        )
    for excluded in call.naf_exclusions:
        if _naf_key(org.naf).startswith(_naf_key(excluded)):
            return Criterion(
                "secteur",
                Verdict.NOT_ELIGIBLE,
                f"secteur exclu (NAF {org.naf}, exclusion {excluded})",
            )
    return Criterion("secteur", Verdict.ELIGIBLE, f"secteur non exclu (NAF {org.naf})")


def assess(org: Organisation, call: CallRecord, *, today: date) -> Eligibility:
    """The verdict for `org` on `call` on `today`, with every criterion and its reason."""
    criteria = [
        check_deadline(call, today),
        check_audience(org, call),
        check_perimeter(org, call.perimeter),
    ]
    sector = check_sector(org, call)
    if sector is not None:
        criteria.append(sector)
    outcomes = {c.outcome for c in criteria}
    if Verdict.NOT_ELIGIBLE in outcomes:
        verdict = Verdict.NOT_ELIGIBLE
    elif Verdict.TO_CHECK in outcomes:
        verdict = Verdict.TO_CHECK
    else:
        verdict = Verdict.ELIGIBLE
    return Eligibility(verdict, tuple(criteria))
