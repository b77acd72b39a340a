"""A pure gazetteer: commune names, postcodes and départements → INSEE code with coordinates.

The caller builds it from the database (or a test fixture); finding a place in a need is a
pure function of the text and the gazetteer. Names are compared after folding accents,
lower-casing and splitting on anything that is not a letter or digit ("Saint-Lô",
"saint lo", "St Lo" are the same). A one-word commune name only counts when the word is
capitalised in the text or follows a place preposition ("à", "sur", "près de"…), because
many communes are also common words ("Eu", "Vire", "Manche").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from maillage_core.matching.tokens import fold


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    lat: float
    lon: float
    department: str
    region: str = ""
    population: int = 0
    postcodes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    lat: float | None = None  # a representative point (e.g. the prefecture), when known
    lon: float | None = None


@dataclass(frozen=True)
class PlaceMatch:
    """Where the need is, and the words that said so."""

    kind: Literal["commune", "postcode", "department"]
    code: str  # INSEE commune code, or département code
    name: str
    lat: float | None
    lon: float | None
    evidence: str
    department: str


_SPLIT = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
_PREPOSITIONS = frozenset(
    {"a", "sur", "de", "pres", "vers", "proche", "cote", "sud", "nord", "secteur", "region"}
)


# Contracted articles: "au Havre" is "à Le Havre", "aux Andelys" is "à Les Andelys".
_CONTRACTIONS = {"au": "le", "du": "le", "aux": "les", "des": "les"}
# Commune-name suffixes people leave out ("Cherbourg" for Cherbourg-en-Cotentin).
_SUFFIX = re.compile(r"^(.+?)(?:[- ](?:en|sur|les|lès|lez|la)[- ].+| normandie)$", re.IGNORECASE)

# How people call the inhabitants or firms of a city ("startup rouennaise"): demonym → name.
DEMONYMS: Mapping[str, str] = {
    "caennais": "Caen", "caennaise": "Caen", "rouennais": "Rouen", "rouennaise": "Rouen",
    "havrais": "Le Havre", "havraise": "Le Havre", "cherbourgeois": "Cherbourg-en-Cotentin",
    "cherbourgeoise": "Cherbourg-en-Cotentin", "ebroicien": "Évreux", "ebroicienne": "Évreux",
    "alenconnais": "Alençon", "alenconnaise": "Alençon", "saint-lois": "Saint-Lô",
    "saint-loise": "Saint-Lô", "dieppois": "Dieppe", "dieppoise": "Dieppe",
    "lexovien": "Lisieux", "lexovienne": "Lisieux", "fecampois": "Fécamp",
    "fecampoise": "Fécamp", "granvillais": "Granville", "granvillaise": "Granville",
    "bayeusain": "Bayeux", "bayeusaine": "Bayeux", "vernonnais": "Vernon",
    "vernonnaise": "Vernon", "argentanais": "Argentan", "argentanaise": "Argentan",
    "flerien": "Flers", "flerienne": "Flers",
}  # fmt: skip


def name_key(name: str) -> tuple[str, ...]:
    """Folded words of a name, with "st"/"ste" expanded."""
    words = [w for w in _SPLIT.split(fold(name)) if w]
    return tuple(_ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True)
class Gazetteer:
    communes: Mapping[str, Commune]  # INSEE code → commune
    by_name: Mapping[tuple[str, ...], tuple[str, ...]]  # name key → INSEE codes
    by_postcode: Mapping[str, tuple[str, ...]]
    departments: Mapping[str, Department]
    department_by_name: Mapping[tuple[str, ...], str]
    max_name_len: int


def build_gazetteer(
    communes: Iterable[Commune],
    departments: Iterable[Department],
    aliases: Mapping[str, str] | None = None,
) -> Gazetteer:
    """Index communes by folded name, short name and postcode; codes listed by decreasing
    population. A short name ("Cherbourg" for "Cherbourg-en-Cotentin", "Vire" for "Vire
    Normandie") only applies when no commune has it as its full name. `aliases` maps extra
    names (former communes, demonyms) to INSEE codes; DEMONYMS are added for communes present.
    """
    table = {c.insee: c for c in communes}
    ordered = sorted(table.values(), key=lambda c: (-c.population, c.insee))
    by_name: dict[tuple[str, ...], list[str]] = {}
    by_postcode: dict[str, list[str]] = {}
    for c in ordered:
        by_name.setdefault(name_key(c.name), []).append(c.insee)
        for pc in c.postcodes:
            by_postcode.setdefault(pc, []).append(c.insee)
    extra: dict[tuple[str, ...], list[str]] = {}
    for c in ordered:
        short = _SUFFIX.match(c.name)
        if short:
            extra.setdefault(name_key(short.group(1)), []).append(c.insee)
    code_by_name = {c.name: c.insee for c in reversed(ordered)}
    for demonym, commune_name in DEMONYMS.items():
        if commune_name in code_by_name:
            extra.setdefault(name_key(demonym), []).append(code_by_name[commune_name])
    for alias, code in (aliases or {}).items():
        if code in table:
            extra.setdefault(name_key(alias), []).append(code)
    for key, codes in extra.items():
        by_name.setdefault(key, codes)
    deps = {d.code: d for d in departments}
    return Gazetteer(
        communes=table,
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_postcode={k: tuple(v) for k, v in by_postcode.items()},
        departments=deps,
        department_by_name={name_key(d.name): d.code for d in deps.values()},
        max_name_len=max((len(k) for k in by_name), default=1),
    )


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_DEPT_NUMBER = re.compile(
    r"(?:\bdans\s+l[ea']\s*|\bd[ée]partement\s+(?:du\s+|n°\s*)?|\bd[ée]p\.?\s*|\()"
    r"(\d{2}|2[ab])\b(?!\s*(?:salari|employ|personne|agent|%|k|€|euro))",
    re.IGNORECASE,
)


def _commune_match(gaz: Gazetteer, code: str, evidence: str) -> PlaceMatch:
    c = gaz.communes[code]
    return PlaceMatch("commune", c.insee, c.name, c.lat, c.lon, evidence, c.department)


def find_place(text: str, gaz: Gazetteer) -> PlaceMatch | None:
    """The first commune named in the text, else a postcode, else a département, else None.

    Longest names win over shorter ones at the same position ("Saint-Lô" over "Lô"); an
    ambiguous name resolves to the most populated commune.
    """
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    keys = [_ABBREVIATIONS.get(fold(w), fold(w)) for w, _ in words]
    department_hit: PlaceMatch | None = None
    i = 0
    while i < len(words):
        for n in range(min(gaz.max_name_len, len(words) - i), 0, -1):
            key = tuple(keys[i : i + n])
            if key[0] in _CONTRACTIONS and n > 1:
                key = (_CONTRACTIONS[key[0]], *key[1:])
            surface = text[words[i][1] : words[i + n - 1][1] + len(words[i + n - 1][0])]
            if key in gaz.by_name and _plausible(words, keys, i, n):
                return _commune_match(gaz, gaz.by_name[key][0], surface)
            if (
                department_hit is None
                and key in gaz.department_by_name
                and _plausible(words, keys, i, n)
            ):
                d = gaz.departments[gaz.department_by_name[key]]
                department_hit = PlaceMatch(
                    "department", d.code, d.name, d.lat, d.lon, surface, d.code
                )
        i += 1
    for m in _POSTCODE.finditer(text):
        codes = gaz.by_postcode.get(m.group(1))
        if codes:
            c = gaz.communes[codes[0]]
            return PlaceMatch("postcode", c.insee, c.name, c.lat, c.lon, m.group(1), c.department)
    if department_hit is not None:
        return department_hit
    for m in _DEPT_NUMBER.finditer(text):
        d_code = m.group(1).upper()
        dep = gaz.departments.get(d_code)
        if dep is not None:
            return PlaceMatch(
                "department", dep.code, dep.name, dep.lat, dep.lon, m.group(0).strip("( "), dep.code
            )
    return None


def _plausible(words: list[tuple[str, int]], keys: list[str], i: int, n: int) -> bool:
    """Multi-word names always count; a single word needs a capital or a place preposition."""
    if n > 1:
        return True
    word = words[i][0]
    if len(word) < 2:
        return False
    if word[0].isupper() or keys[i] in DEMONYMS:
        return True
    # lower-case short words after "a" are too often verbs ("on a eu un souci")
    return len(word) >= 4 and i > 0 and keys[i - 1] in _PREPOSITIONS
