"""INSEE Sirene establishment records: validation rules and parsing, pure and typed.

The input is one row of the official `StockEtablissement` CSV (53 columns, comma-separated,
header row with the official column names). Rules:

- SIREN (9 digits) and SIRET (14 digits = SIREN + NIC) carry a Luhn key: doubling every second
  digit from the right and summing the digits of the results gives a multiple of 10.
  Documented exception: La Poste (SIREN 356000000) numbers its establishments so that the
  plain sum of the 14 SIRET digits is a multiple of 5 (e.g. 35600000049837 fails Luhn).
- Dates are ISO 8601 calendar dates `YYYY-MM-DD` (or empty).
- `trancheEffectifsEtablissement` is one of the INSEE size-band codes (or empty).
- `etatAdministratifEtablissement` is `A` (active) or `F` (closed; `dateDebut` is the date of
  the period that closed it); `etablissementSiege` is `true` / `false`.
- `[ND]` marks a value INSEE does not disseminate (partially diffusible records): read as empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from maillage_core.sirene_schema import (
    ESTABLISHMENT_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    STREET_TYPES,
)

LA_POSTE_SIREN = "356000000"
NOT_DISSEMINATED = "[ND]"

# INSEE "tranche d'effectifs" codes (nomenclature of size bands, 2-character strings).
SIZE_BANDS: frozenset[str] = frozenset(
    {"NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"}
)

# Digit sum of 2·d for d = 0…9, as a translation table: "0123456789" → "0246813579".
_DOUBLED = str.maketrans("0123456789", "0246813579")


@dataclass(frozen=True)
class RowError:
    """Why one row (physical line number, 1 = header) cannot be imported."""

    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class Establishment:
    """One Sirene establishment, parsed and checked."""

    siret: str
    siren: str
    usual_name: str
    sign: str
    naf_code: str
    size_band: str
    is_head_office: bool
    created_on: date | None
    is_closed: bool
    closed_on: date | None
    address: str
    postcode: str
    commune_code: str
    lambert_x: float | None
    lambert_y: float | None

    def name(self, legal_name: str = "") -> str:
        """The display name: legal-unit name, else usual name, else sign, else a placeholder."""
        return establishment_name(
            legal_name=legal_name, usual_name=self.usual_name, sign=self.sign, siret=self.siret
        )


def luhn_valid(digits: str) -> bool:
    """Luhn check: from the right, double every second digit, sum digit-wise, ≡ 0 (mod 10)."""
    backwards = digits[::-1]
    total = sum(map(int, backwards[0::2])) + sum(map(int, backwards[1::2].translate(_DOUBLED)))
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """Append the one check digit that makes `body + digit` Luhn-valid.

    Once the check digit is appended, body digits at odd positions from the right (1, 3, …)
    are doubled; the check digit is (10 − sum mod 10) mod 10.
    """
    total = 0
    for pos, ch in enumerate(reversed(body), start=1):
        d = int(ch)
        if pos % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def siren_is_valid(siren: str) -> bool:
    """9 ASCII digits with a valid Luhn key."""
    return len(siren) == 9 and siren.isascii() and siren.isdigit() and luhn_valid(siren)


def siret_is_valid(siret: str) -> bool:
    """14 ASCII digits with a valid Luhn key, or La Poste's (356000000…) Σ digits ≡ 0 (mod 5)."""
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if luhn_valid(siret):
        return True
    # La Poste's head office (35600000000048) passes Luhn; its other establishments do not.
    return siret.startswith(LA_POSTE_SIREN) and sum(ord(c) - 48 for c in siret) % 5 == 0


def parse_iso_date(text: str) -> date | None:
    """Parse `YYYY-MM-DD` strictly (no basic format, no time); raise ValueError otherwise."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"date {text!r} is not YYYY-MM-DD")
    return date.fromisoformat(text)


def department_from_commune(code: str) -> str:
    """INSEE département of a commune code: 3 characters overseas (97x/98x), else 2 (2A/2B)."""
    if code.startswith(("97", "98")):
        return code[:3]
    return code[:2]


def normalise_naf(code: str) -> str:
    """`6201Z` → `62.01Z`; dotted codes and other nomenclatures pass through unchanged."""
    code = code.strip().upper()
    if len(code) == 5 and code[:4].isdigit() and code[4].isalpha():
        return f"{code[:2]}.{code[2:]}"
    return code


def establishment_name(*, legal_name: str, usual_name: str, sign: str, siret: str) -> str:
    """First non-empty of legal-unit name, usual name, first sign; else `Établissement SIRET …`."""
    for candidate in (legal_name, usual_name, sign):
        if candidate:
            return candidate
    return f"Établissement SIRET {siret}"


def street_address(
    complement: str, number: str, repetition: str, street_type: str, street: str
) -> str:
    """Build `complement, 12 bis Avenue Foo` from the Sirene address parts."""
    numbered = number + _REPETITION.get(repetition.upper(), repetition.lower())
    kind = STREET_TYPES.get(street_type.upper(), street_type)
    line = " ".join(p for p in (numbered, kind, street) if p)
    return ", ".join(p for p in (complement, line) if p)


_REPETITION = {"B": " bis", "T": " ter", "Q": " quater", "C": " quinquies"}


# The columns `parse_establishment` reads, in the order it unpacks them.
_READ = (
    "siren",
    "nic",
    "siret",
    "dateCreationEtablissement",
    "dateDebut",
    "trancheEffectifsEtablissement",
    "etatAdministratifEtablissement",
    "etablissementSiege",
    "activitePrincipaleEtablissement",
    "codePostalEtablissement",
    "codeCommuneEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "denominationUsuelleEtablissement",
    "enseigne1Etablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
)


@dataclass(frozen=True)
class ColumnIndex:
    """Where the columns this parser reads sit in the header (-1: optional column absent)."""

    positions: tuple[int, ...]
    width: int
    missing: tuple[str, ...]

    @classmethod
    def from_header(cls, header: Sequence[str]) -> ColumnIndex:
        at = {name: i for i, name in enumerate(header)}
        return cls(
            positions=tuple(at.get(name, -1) for name in _READ),
            width=len(header),
            missing=tuple(c for c in REQUIRED_COLUMNS if c not in at),
        )


def _date(raw: str, column: str, line: int, errors: list[RowError]) -> date | None:
    if not raw:
        return None
    try:
        return parse_iso_date(raw)
    except ValueError:
        errors.append(RowError(line, column, f"date {raw!r} is not YYYY-MM-DD"))
        return None


def _coordinate(raw: str, column: str, line: int, errors: list[RowError]) -> float | None:
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        errors.append(RowError(line, column, f"coordinate {raw!r} is not a number"))
        return None


def parse_establishment(
    values: Sequence[str], index: ColumnIndex, line: int
) -> Establishment | list[RowError]:
    """Check one data row and return the establishment, or every error found on the row."""
    if len(values) != index.width:
        return [
            RowError(
                line,
                "*",
                f"{len(values)} fields where the header has {index.width} "
                "(truncated or ragged line)",
            )
        ]
    picked = [values[i].strip() if i >= 0 else "" for i in index.positions]
    if NOT_DISSEMINATED in picked:
        picked = ["" if v == NOT_DISSEMINATED else v for v in picked]
    (
        siren,
        nic,
        siret,
        created_raw,
        start_raw,
        size_band,
        state,
        head,
        naf,
        postcode,
        commune,
        x_raw,
        y_raw,
        usual_name,
        sign,
        complement,
        number,
        repetition,
        street_type,
        street,
    ) = picked

    errors: list[RowError] = []
    if not siret_is_valid(siret):
        errors.append(RowError(line, "siret", f"invalid SIRET {siret!r} (14 digits, Luhn key)"))
    elif siret[:9] != siren or siret[9:] != nic:
        errors.append(RowError(line, "siret", f"SIRET {siret} is not siren {siren} + nic {nic}"))
    created_on = _date(created_raw, "dateCreationEtablissement", line, errors)
    started_on = _date(start_raw, "dateDebut", line, errors)
    if size_band and size_band not in SIZE_BANDS:
        errors.append(
            RowError(line, "trancheEffectifsEtablissement", f"unknown size band {size_band!r}")
        )
    if state != "A" and state != "F":
        errors.append(
            RowError(line, "etatAdministratifEtablissement", f"state {state!r} is not A or F")
        )
    head = head.lower()
    if head != "true" and head != "false":
        errors.append(RowError(line, "etablissementSiege", f"{head!r} is not true or false"))
    if len(naf) > 8:
        errors.append(RowError(line, "activitePrincipaleEtablissement", f"NAF {naf!r} too long"))
    if postcode and (len(postcode) != 5 or not postcode.isdigit()):
        errors.append(RowError(line, "codePostalEtablissement", f"postcode {postcode!r}"))
    if commune and len(commune) != 5:
        errors.append(RowError(line, "codeCommuneEtablissement", f"commune code {commune!r}"))
    x = _coordinate(x_raw, "coordonneeLambertAbscisseEtablissement", line, errors)
    y = _coordinate(y_raw, "coordonneeLambertOrdonneeEtablissement", line, errors)
    if errors:
        return errors

    is_closed = state == "F"
    return Establishment(
        siret=siret,
        siren=siren,
        usual_name=usual_name,
        sign=sign,
        naf_code=normalise_naf(naf) if naf else "",
        size_band=size_band,
        is_head_office=head == "true",
        created_on=created_on,
        is_closed=is_closed,
        closed_on=started_on if is_closed else None,
        address=street_address(complement, number, repetition, street_type, street),
        postcode=postcode,
        commune_code=commune,
        lambert_x=x,
        lambert_y=y,
    )


def content_hash(values: Sequence[object]) -> str:
    """A stable fingerprint of the imported values: BLAKE2b-128 of their `str`, \\x1f-joined."""
    text = "\x1f".join(map(str, values))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


__all__ = [
    "ESTABLISHMENT_COLUMNS",
    "LA_POSTE_SIREN",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "SIZE_BANDS",
    "STREET_TYPES",
    "ColumnIndex",
    "Establishment",
    "RowError",
    "content_hash",
    "department_from_commune",
    "establishment_name",
    "luhn_complete",
    "luhn_valid",
    "normalise_naf",
    "parse_establishment",
    "parse_iso_date",
    "siren_is_valid",
    "siret_is_valid",
    "street_address",
]
