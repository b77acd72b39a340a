"""Pattern extractors over the raw need text: size, budget, time frame, sector.

Each returns the matched words as evidence. The patterns work on accent-folded, lower-cased
text so "salaries", "salariés" and "SALARIÉS" are the same.
"""

from __future__ import annotations

import re

from maillage_core.matching.profile import Budget, Sector, SizeClass, SizeHint, TimeFrame
from maillage_core.matching.tokens import fold

# --- size -------------------------------------------------------------------------------

_HEADCOUNT = re.compile(
    r"(?<![\d.,])(\d[\d\s.]{0,6})\s*(?:salaries|employes|personnes|collaborateurs|agents|etp|"
    r"postes de travail|personnes? employees?|sal\b)"
)
_SIZE_WORDS: tuple[tuple[str, SizeClass], ...] = (
    (
        r"\bauto[- ]?entrepreneur|\bfreelance|\bindependant|\bartisan\b|\bmicro[- ]entreprise",
        "independant",
    ),
    (r"\btpe\b|\btres petite entreprise|\bpetite entreprise", "tpe"),
    (r"\bpme\b|\bpmi\b|\bstart[- ]?up\b", "pme"),
    (r"\beti\b|\bentreprise de taille intermediaire", "eti"),
    (r"\bgrand groupe|\bgrande entreprise", "grande"),
    (
        r"\bmairie\b|\bcommune de\b|\bcommunaute (?:de communes|d'agglomeration|urbaine)|"
        r"\bcollectivite|\bconseil departemental|\bsyndicat (?:intercommunal|mixte|d'eau)|\bepci\b",
        "collectivite",
    ),
    (r"\bassociation\b|\basso\b", "association"),
)


def size_class_for(headcount: int) -> SizeClass:
    """INSEE/EU size classes: < 10 TPE, < 250 PME, < 5 000 ETI, else large."""
    if headcount < 10:
        return "tpe"
    if headcount < 250:
        return "pme"
    if headcount < 5000:
        return "eti"
    return "grande"


def find_size(text: str) -> SizeHint | None:
    folded = fold(text)
    m = _HEADCOUNT.search(folded)
    headcount = None
    evidence = ""
    if m:
        digits = re.sub(r"\D", "", m.group(1))
        if digits:
            headcount = int(digits)
            evidence = text[m.start() : m.end()].strip()
    for pattern, size_class in _SIZE_WORDS:
        w = re.search(pattern, folded)
        if w:
            if headcount is not None and size_class not in ("collectivite", "association"):
                size_class = size_class_for(headcount)
            words = text[w.start() : w.end()]
            return SizeHint(size_class, headcount, f"{words} ({evidence})" if evidence else words)
    if headcount is not None:
        return SizeHint(size_class_for(headcount), headcount, evidence)
    return None


# --- budget -----------------------------------------------------------------------------

# Digit runs are bounded and must start a number (no digit, dot or comma before), so a
# pasted run of thousands of digits costs linear time instead of quadratic backtracking.
_AMOUNT = r"(?<![\d.,])(\d{1,3}(?:[\s.\u202f]\d{3}){1,3}|\d{1,9}(?:[.,]\d{1,2})?)(?!\d)\s*"
_UNIT = r"(k\s?€|k\s?euros?|keur|ke\b|k\b|m\s?€|millions?(?:\s+d'euros)?|€|euros?|eur\b)"
_BUDGET_RANGE = re.compile(
    r"(?:entre\s+)?" + _AMOUNT + r"(?:" + _UNIT + r")?\s*(?:et|a|-)\s*" + _AMOUNT + _UNIT
)
_BUDGET_ONE = re.compile(_AMOUNT + _UNIT)


def _euros(number: str, unit: str | None) -> int:
    raw = re.sub(r"[\s\u202f]", "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    value = float(raw.replace(",", "."))
    u = (unit or "").replace(" ", "")
    if u.startswith("k"):
        value *= 1000
    elif u.startswith("m"):
        value *= 1_000_000
    return round(value)


def find_budget(text: str) -> Budget | None:
    """ "15 k€" → 15 000; "20 000 euros" → 20 000; "entre 10 et 15 k€" → 10 000–15 000."""
    folded = fold(text).replace("€", "€")
    m = _BUDGET_RANGE.search(folded)
    if m:
        high_unit = m.group(4)
        low = _euros(m.group(1), m.group(2) or high_unit)
        high = _euros(m.group(3), high_unit)
        if low <= high:
            return Budget(low, high, text[m.start() : m.end()].strip())
    m = _BUDGET_ONE.search(folded)
    if m:
        amount = _euros(m.group(1), m.group(2))
        if amount >= 100:  # "3 k" salariés-like noise below that is not a budget
            return Budget(amount, amount, text[m.start() : m.end()].strip())
    return None


# --- time frame -------------------------------------------------------------------------

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "rentree": 9,
}  # fmt: skip
_UNITS_DAYS = {
    "jour": 1,
    "jours": 1,
    "semaine": 7,
    "semaines": 7,
    "mois": 30,
    "an": 365,
    "ans": 365,
}
_BY_MONTH = re.compile(
    r"\b(?:d'ici|d ici|avant|pour|fin|debut|des|en)\s+(?:(?:le|la|l')\s*)?(?:mois de\s+)?("
    + "|".join(_MONTHS)
    + r")\b"
)
_WITHIN = re.compile(
    r"\b(?:sous|dans|en|d'ici|d ici|moins de)\s+(\d+|un|une|deux|trois|six)\s+"
    r"(jours?|semaines?|mois|ans?)\b"
)
_ASAP = re.compile(
    r"\b(?:au plus vite|des que possible|rapidement|asap|en urgence|tres vite|immediatement)\b"
)
_YEAR_END = re.compile(r"\b(?:avant|d'ici|pour)\s+(?:la\s+)?fin (?:de l'annee|d'annee)\b")
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "six": 6}


def find_time_frame(text: str) -> TimeFrame | None:
    folded = fold(text)
    m = _WITHIN.search(folded)
    if m:
        n = _NUMBER_WORDS.get(m.group(1)) or int(m.group(1))
        return TimeFrame("within", text[m.start() : m.end()], days=n * _UNITS_DAYS[m.group(2)])
    m = _YEAR_END.search(folded)
    if m:
        return TimeFrame("year_end", text[m.start() : m.end()], month=12)
    m = _BY_MONTH.search(folded)
    if m:
        return TimeFrame("month", text[m.start() : m.end()], month=_MONTHS[m.group(1)])
    m = _ASAP.search(folded)
    if m:
        return TimeFrame("asap", text[m.start() : m.end()])
    return None


# --- sector -----------------------------------------------------------------------------

# (key, French label, alternatives matched on folded text)
SECTORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sante", "santé", (
        r"\bclinique", r"\behpad", r"\bhopital", r"\bcabinet (?:medical|dentaire|de kine)",
        r"\bmedecin", r"\bpharmacie", r"\blaboratoire d'analyses", r"\bsante\b",
        r"\bpatients?\b", r"\binfirmi", r"\bkine",
    )),
    ("collectivite", "collectivité", (
        r"\bmairie", r"\bcommune de\b", r"\bcommunaute (?:de communes|d'agglo|urbaine)",
        r"\bcollectivite", r"\bconseil departemental", r"\bsyndicat (?:intercommunal|mixte|d'eau)",
        r"\bepci\b", r"\belus?\b",
    )),
    ("industrie", "industrie", (
        r"\busine", r"\bindustri", r"\bmetallurgi", r"\bplasturgi", r"\bfonderie",
        r"\bmecanique", r"\bchaudronnerie", r"\bsous-traitan", r"\bproduction\b", r"\batelier",
        r"\bagroalimentaire", r"\bfabricant",
    )),
    ("commerce", "commerce", (
        r"\bmagasin", r"\bboutique", r"\bcommerce", r"\bcommercant", r"\bcaviste",
        r"\bfleuriste", r"\bboulangerie", r"\bepicerie", r"\bpret-a-porter", r"\bvendre\b",
    )),
    ("tourisme", "tourisme et hôtellerie", (
        r"\bhotel", r"\brestaurant", r"\bcamping", r"\bgites?\b", r"\bchambres d'hotes",
        r"\btourisme",
    )),
    ("agriculture", "agriculture", (
        r"\bagricole", r"\bexploitation\b", r"\bferme\b", r"\bcooperative", r"\belevage",
        r"\bmaraich", r"\bcidre", r"\bviticult",
    )),
    ("btp", "bâtiment", (
        r"\bbtp\b", r"\bbatiment", r"\bmenuiserie", r"\bmacon", r"\bcharpente",
        r"\bplomberie", r"\belectricien", r"\btravaux publics",
    )),
    ("logistique", "transport et logistique", (
        r"\btransport", r"\blogistique", r"\bentrepot", r"\bport\b", r"\bmaritime",
        r"\btransitaire",
    )),
    ("services", "services aux entreprises", (
        r"\bcabinet (?:comptable|d'avocats?|d'architectes?)", r"\bexpert[- ]comptable",
        r"\bnotaire", r"\bavocat", r"\bassurance", r"\bagence immobiliere", r"\bimmobilier",
    )),
    ("education", "enseignement", (
        r"\blycee", r"\bcollege\b", r"\becole\b", r"\buniversite", r"\betablissement scolaire",
    )),
    ("associatif", "associatif", (r"\bassociation\b", r"\basso\b", r"\bbenevoles")),
    ("culture", "culture", (
        r"\bmusee", r"\bmediatheque", r"\bbibliotheque", r"\btheatre", r"\bfestival",
    )),
)  # fmt: skip
_SECTOR_PATTERNS = tuple((k, label, re.compile("|".join(alts))) for k, label, alts in SECTORS)


def find_sector(text: str) -> Sector | None:
    """The sector whose pattern matches earliest in the text (ties: table order)."""
    folded = fold(text)
    best: tuple[int, int, Sector] | None = None
    for order, (key, label, pattern) in enumerate(_SECTOR_PATTERNS):
        m = pattern.search(folded)
        if m and (best is None or (m.start(), order) < best[:2]):
            end = folded.find(" ", m.end())
            best = (
                m.start(),
                order,
                Sector(key, label, text[m.start() : end if end > 0 else len(text)]),
            )
    return best[2] if best else None
