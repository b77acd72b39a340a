"""A pure gazetteer: commune names, postcodes and départements → INSEE code with coordinates.

The caller builds it from the database (or a test fixture); finding a place in a need is a
pure function of the text and the gazetteer. Names are compared after folding accents,
lower-casing and splitting on anything that is not a letter or digit ("Saint-Lô",
"saint lo", "St Lo" are the same). A one-word commune name only counts when the word is
capitalised in the text or follows a place preposition ("à", "sur", "près de"…), because
many communes are also common words ("Eu", "Vire", "Manche", "Les Plans", "Le Port").

A place written in the text only counts when it *reads as a place*: a capitalised proper noun
(not an all-capitals word, where case says nothing) right after a place preposition (à, au,
aux, près de, proche de, sur, dans, vers, en, de, du, d'; articles in between are skipped:
"dans la Manche"), a demonym ("startup rouennaise"), a postcode, or a département number in
an explicit pattern ("dans le 50", "(27)"). It must also lie in the area allowed: the served
region, or the département the requester gave. `locate` then combines it with the place
given with the need: the given place is never overridden; a text place inside it refines it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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
    """Where the need is, the words that said so, and why this place was used (French)."""

    kind: Literal["commune", "postcode", "department"]
    code: str  # INSEE commune code, or département code
    name: str
    lat: float | None
    lon: float | None
    evidence: str
    department: str
    source: Literal["text", "given"] = "text"
    why: str = ""


_SPLIT = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
# Folded words after which a capitalised name reads as a place ("près de", "proche de" end
# in "de"). Articles between the preposition and the name are skipped ("dans la Manche").
_PREPOSITIONS = frozenset({"a", "au", "aux", "sur", "dans", "vers", "en", "de", "du", "d", "pres"})
_ARTICLES = frozenset({"le", "la", "les", "l"})


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
    department_region: Mapping[str, str] = field(default_factory=dict)  # from the communes


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
        department_region={c.department: c.region for c in reversed(ordered) if c.region},
    )


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_DEPT_NUMBER = re.compile(
    r"(?:\bdans\s+l[ea']\s*|\bd[ée]partement\s+(?:du\s+|n°\s*)?|\bd[ée]p\.?\s*|\()"
    r"(\d{2}|2[ab])\b(?!\s*(?:salari|employ|personne|agent|%|k|€|euro))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Area:
    """Where a text place may lie: the served region and/or a given département (a place
    inside either is accepted; no restriction when both are empty)."""

    region: str = ""
    department: str = ""

    def allows(self, department: str, region: str) -> bool:
        if not self.region and not self.department:
            return True
        return (bool(self.department) and department == self.department) or (
            bool(self.region) and region == self.region
        )


def _commune_match(gaz: Gazetteer, code: str, evidence: str) -> PlaceMatch:
    c = gaz.communes[code]
    return PlaceMatch("commune", c.insee, c.name, c.lat, c.lon, evidence, c.department)


def _department_match(gaz: Gazetteer, code: str, evidence: str) -> PlaceMatch:
    d = gaz.departments[code]
    return PlaceMatch("department", d.code, d.name, d.lat, d.lon, evidence, d.code)


def find_place(text: str, gaz: Gazetteer, area: Area | None = None) -> PlaceMatch | None:
    """The first commune the text names as a place (see the module docstring), else a
    postcode, else a département, else None — only places inside `area`.

    Longest names win over shorter ones at the same position ("Saint-Lô" over "Lô"); an
    ambiguous name resolves to the most populated commune inside the area.
    """
    area = area or Area()
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    keys = [_ABBREVIATIONS.get(fold(w), fold(w)) for w, _ in words]
    department_hit: PlaceMatch | None = None
    i = 0
    while i < len(words):
        for n in range(min(gaz.max_name_len, len(words) - i), 0, -1):
            key = tuple(keys[i : i + n])
            if key[0] in _CONTRACTIONS and n > 1:
                key = (_CONTRACTIONS[key[0]], *key[1:])
            if key not in gaz.by_name and key not in gaz.department_by_name:
                continue
            if not _reads_as_place(words, keys, i, n):
                continue
            surface = text[words[i][1] : words[i + n - 1][1] + len(words[i + n - 1][0])]
            for code in gaz.by_name.get(key, ()):
                c = gaz.communes[code]
                if area.allows(c.department, c.region):
                    return _commune_match(gaz, code, surface)
            d_code = gaz.department_by_name.get(key)
            if (
                department_hit is None
                and d_code is not None
                and area.allows(d_code, gaz.department_region.get(d_code, ""))
            ):
                department_hit = _department_match(gaz, d_code, surface)
        i += 1
    for m in _POSTCODE.finditer(text):
        for code in gaz.by_postcode.get(m.group(1), ()):
            c = gaz.communes[code]
            if area.allows(c.department, c.region):
                return PlaceMatch(
                    "postcode", c.insee, c.name, c.lat, c.lon, m.group(1), c.department
                )
    if department_hit is not None:
        return department_hit
    for m in _DEPT_NUMBER.finditer(text):
        d_code = m.group(1).upper()
        if d_code in gaz.departments and area.allows(d_code, gaz.department_region.get(d_code, "")):
            return _department_match(gaz, d_code, m.group(0).strip("( "))
    return None


def _capitalised(word: str) -> bool:
    """A capital first letter, in a word that is not written all in capitals."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _reads_as_place(words: list[tuple[str, int]], keys: list[str], i: int, n: int) -> bool:
    """A demonym, or a capitalised name right after a place preposition (articles skipped).

    The name's first word that is not an article must be capitalised: "au Havre",
    "à Saint-Lô", "dans la Manche", but not "les plans de nos canalisations" nor "sur le
    port", and nothing in a text written all in capitals.
    """
    if n == 1 and keys[i] in DEMONYMS:
        return True
    head = i
    while head < i + n - 1 and keys[head] in _ARTICLES | set(_CONTRACTIONS):
        head += 1
    if not _capitalised(words[head][0]) or len(words[head][0]) < 2:
        return False
    j = i - 1
    if keys[i] in _CONTRACTIONS:  # "au Havre": the contraction is the preposition
        return True
    while j >= 0 and keys[j] in _ARTICLES:
        j -= 1
    return j >= 0 and keys[j] in _PREPOSITIONS


_KIND_WORDS = {"commune": "commune", "postcode": "code postal", "department": "département"}


def given_place(match: PlaceMatch) -> PlaceMatch:
    """A place given with the need (form, API, batch), marked as such."""
    label = _KIND_WORDS[match.kind]
    return replace(match, source="given", why=f"lieu indiqué avec le besoin ({label} {match.name})")


def locate(
    text: str, gaz: Gazetteer, *, given: PlaceMatch | None = None, region: str = ""
) -> PlaceMatch | None:
    """The place of a need: the place given with it, refined by a place the text names
    inside it; without a given place, a place the text names in the served region.

    A given commune is final. A given postcode is refined by a text commune that has this
    postcode; a given département by a text commune or postcode inside it. Anything else the
    text says about places is ignored (it never moves the need out of the given place).
    """
    if given is not None:
        given = given if given.source == "given" else given_place(given)
        if given.kind == "commune":
            return given
        found = find_place(text, gaz, Area(department=given.department))
        if found is None or found.kind == "department":
            return given
        if given.kind == "postcode":
            postcodes = gaz.communes[found.code].postcodes if found.code in gaz.communes else ()
            if given.evidence not in postcodes and given.code != found.code:
                return given
        return replace(
            found,
            source="text",
            why=f"« {found.evidence} » dans le texte, précise le lieu indiqué ({given.name})",
        )
    found = find_place(text, gaz, Area(region=region))
    if found is None:
        return None
    where = ", dans la région servie" if region else ""
    return replace(found, why=f"« {found.evidence} » dans le texte{where}")
