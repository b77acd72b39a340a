"""Text analysis for job titles and offers, on top of the shared French analysis.

`maillage_core.text.analyse` does the folding, stop words, plural step and Snowball stemming.
Job vocabulary needs two things more, applied here *before* it:

- **gender folding** of folded words: job titles come as "Vendeur / Vendeuse", "Animateur.rice",
  "Conseillère"; "-euse"/"-rice" → "-eur", "-iere"/"-ere" → "-ier"/"-er", "-ienne" → "-ien",
  "-ive" → "-if", "-ente" → "-ent", "-ee" → "-e" (both sides of the match are folded alike);
- a **synonym lexicon** for digital jobs (and a few common abbreviations): "dev" →
  "développeur", "admin sys" → "administrateur systèmes", "helpdesk" → "technicien support"…,
  whose expansions are appended to the text.

Words are analysed one at a time through a cache (offers repeat their vocabulary), which keeps
throughput well above 1,000 offers/s on one core.
"""

from __future__ import annotations

import itertools
import operator
import re
from functools import lru_cache

from maillage_core.text import analyse, fold

# Whole-word phrases (folded) → words appended to the text. Kept small and explicit.
SYNONYMS: dict[str, str] = {
    "dev": "developpeur",
    "devs": "developpeur",
    "developer": "developpeur",
    "developper": "developpeur",
    "software engineer": "ingenieur logiciel developpeur",
    "fullstack": "developpeur full stack",
    "full stack": "developpeur full stack",
    "full-stack": "developpeur full stack",
    "front end": "developpeur front end",
    "frontend": "developpeur front end",
    "front-end": "developpeur front end",
    "back end": "developpeur back end",
    "backend": "developpeur back end",
    "back-end": "developpeur back end",
    "web developer": "developpeur web",
    "admin sys": "administrateur systemes",
    "adminsys": "administrateur systemes",
    "sysadmin": "administrateur systemes",
    "administrateur systeme": "administrateur systemes",
    "admin reseau": "administrateur reseaux",
    "admin reseaux": "administrateur reseaux",
    "network engineer": "ingenieur reseaux",
    "helpdesk": "technicien support informatique",
    "help desk": "technicien support informatique",
    "hotliner": "technicien support informatique",
    "service desk": "technicien support informatique",
    "support n1": "technicien support informatique",
    "support n2": "technicien support informatique",
    "data analyst": "analyste donnees data analyst",
    "data scientist": "data scientist",
    "data engineer": "data engineer ingenieur donnees",
    "machine learning": "machine learning intelligence artificielle",
    "ml engineer": "ingenieur machine learning",
    "ia": "intelligence artificielle",
    "ai": "intelligence artificielle",
    "chef de projet it": "chef de projet informatique",
    "cheffe de projet it": "chef de projet informatique",
    "chef de projet si": "chef de projet informatique",
    "cheffe de projet si": "chef de projet informatique",
    "project manager": "chef de projet",
    "product owner": "product owner",
    "scrum master": "scrum master",
    "devops": "devops ingenieur",
    "cloud engineer": "ingenieur cloud",
    "pentester": "pentesteur auditeur securite",
    "rssi": "responsable securite systemes information",
    "dsi": "directeur systemes information",
    "ux designer": "ux designer",
    "ui designer": "ui designer",
    "aes": "accompagnant educatif social",
    "avs": "auxiliaire vie sociale",
    "ash": "agent service hospitalier",
    "asv": "auxiliaire specialise veterinaire",
    "ide": "infirmier",
    "idec": "infirmier coordinateur",
    "pl": "poids lourd",
    "spl": "super lourd",
    "rh": "ressources humaines",
    "qse": "qualite securite environnement",
    "btp": "batiment travaux publics",
}

# Words that say nothing about the job in a title: contract, gender marks, seniority.
_TITLE_NOISE_WORDS = (
    "h f x nb hf fh cdi cdd interim alternance alternant alternante apprentissage apprenti "
    "stage stagiaire junior senior confirme confirmee experimente poste urgent temps partiel "
    "plein heure heures mois an ans saisonnier saison h/f f/h homme femme"
)
TITLE_NOISE = frozenset(_TITLE_NOISE_WORDS.split())

_GENDER_RULES: tuple[tuple[str, str], ...] = (
    ("effes", "efs"),
    ("effe", "ef"),
    ("euses", "eurs"),
    ("euse", "eur"),
    ("rices", "eurs"),
    ("rice", "eur"),
    ("ieres", "iers"),
    ("iere", "ier"),
    ("eres", "ers"),
    ("ere", "er"),
    ("iennes", "iens"),
    ("ienne", "ien"),
    ("ives", "ifs"),
    ("ive", "if"),
    ("entes", "ents"),
    ("ente", "ent"),
    ("ees", "es"),
    ("ee", "e"),
)

_RAW_WORD = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*")
_SYNONYM_MAX = max(len(k.split()) for k in SYNONYMS)


def fold_gender(word: str) -> str:
    """Feminine → masculine form of a folded word ("vendeuse" → "vendeur")."""
    if len(word) < 5:
        return word
    for suffix, repl in _GENDER_RULES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + repl
    return word


@lru_cache(maxsize=300_000)
def _word_tokens(raw: str) -> tuple[str, ...]:
    folded = fold(raw)
    if "." in folded and not folded.replace(".", "").isdigit():
        # "animateur.rice", "educateur.trice": the inclusive suffix adds nothing
        folded = folded.split(".")[0]
    return tuple(analyse(" ".join(fold_gender(w) for w in re.split(r"[\s/]+", folded))))


@lru_cache(maxsize=300_000)
def _folded(raw: str) -> str:
    return fold(raw)


_SYNONYM_STARTS = frozenset(k.split()[0] for k in SYNONYMS)


def _synonym_phrases(raws: list[str]) -> list[str]:
    extra: list[str] = []
    if _SYNONYM_STARTS.isdisjoint(map(str.lower, raws)):
        return extra
    for i, raw in enumerate(raws):
        # synonym keys start with an ASCII word: lower() is enough to test the first word
        if raw.lower() not in _SYNONYM_STARTS:
            continue
        folded = [_folded(w) for w in raws[i : i + _SYNONYM_MAX]]
        for n in range(len(folded), 0, -1):
            phrase = " ".join(folded[:n])
            if phrase in SYNONYMS:
                extra.append(SYNONYMS[phrase])
                break
    return extra


_INCLUSIVE = re.compile(
    r"(?<=\w)\s?\((?:e|es|s|x|ne|le|ve|ere|ère|iere|ière|euse|rice|trice|ive|ée|eure|fe|ffe)\)",
    re.IGNORECASE,
)
_GENDER_MARK = re.compile(r"\((?:h|f|x)[^)]{0,12}\)", re.IGNORECASE)


_FIRST = operator.itemgetter(0)


def _phrase_tokens(raws: list[str]) -> list[str]:
    # C-level loops: flatten the cached per-word tokens, drop consecutive repeats
    # ("vendeur / vendeuse" → one "vendeur")
    flat = itertools.chain.from_iterable(map(_word_tokens, raws))
    return list(map(_FIRST, itertools.groupby(flat)))


def features(text: str, *, title: bool = False, bigrams: bool = True) -> list[str]:
    """Analysed, gender-folded tokens of ``text`` with their bigrams ("chef_projet"), then the
    tokens and bigrams of each synonym expansion found in it.

    With ``title=True`` the title noise (H/F, CDI, alternance…) is dropped first.
    """
    text = _INCLUSIVE.sub("", text)
    if title:
        text = _GENDER_MARK.sub(" ", text)
    raws = _RAW_WORD.findall(text)
    if title:
        raws = [w for w in raws if _folded(w) not in TITLE_NOISE and not w.isdigit()]
    segments = [_phrase_tokens(raws)]
    segments.extend(_phrase_tokens(p.split()) for p in _synonym_phrases(raws))
    out: list[str] = []
    for seg in segments:
        out.extend(seg)
        if bigrams:
            out.extend(map("_".join, itertools.pairwise(seg)))
    return out
