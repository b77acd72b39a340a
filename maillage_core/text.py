"""French text analysis shared by the search index and its queries.

`analyse(text)` turns French text into index/query tokens. The same function runs on
documents and on queries, so both sides always agree. The pipeline, in order:

1. lower-case (``str.casefold``) and **fold accents** (Unicode NFKD, combining marks dropped,
   ligatures œ/æ expanded, typographic apostrophes unified). Folding comes *before* stemming:
   the Snowball French stemmer keys its suffix rules on accented endings, so stemming first
   would give "cybersécurité" and "cybersecurite" different stems.
2. split into words: runs of letters/digits, keeping dotted versions ("4.0", "2.0"),
   programming names ("c++", "c#") and internal apostrophes/hyphens for step 3.
3. strip French elisions (l', d', qu', j', n', s', c', m', t', jusqu', lorsqu', puisqu');
   hyphenated words with a one-letter part ("e-commerce", "e-santé") are joined
   ("ecommerce"), other hyphenated words are split ("Saint-Lô" → "saint", "lo").
4. drop French stop words (compared after folding).
5. a plural step the stemmer lacks: "-eaux" → "-eau", "-aux" → "-al" (with the usual
   exceptions: "travaux" → "travail"…), then one final "s"/"x" (so "jeux" → "jeu",
   "vidéos" → "video"); words of three letters or fewer are left alone ("ux", "ssi").
6. the Snowball French stemmer (Porter-style suffix stripping over the RV/R1/R2 regions,
   https://snowballstem.org/algorithms/french/stemmer.html).

Tokens with digits or symbols ("5g", "4.0", "c++") skip steps 5–6.

Synonyms are applied at query time only (`expand_query`): a `Lexicon` maps analysed phrases
(tuples of tokens) to concepts — the network's domains with their keywords, and taxonomy
labels with their alternative labels — so "rançongiciel" or "sécurité informatique" also
looks for the cyber-security vocabulary and the `cybersecurite` domain.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from maillage_core.catalogue import DOMAINS, DomainDef

ELISIONS: frozenset[str] = frozenset(
    {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"}
)

# Snowball's French stop-word list (https://snowballstem.org/algorithms/french/stop.txt),
# folded, plus the elision letters left alone when a space follows the apostrophe.
_STOP_WORDS_TEXT = """
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme
mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton
tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes
suis es est sommes etes sont serai seras sera serons serez seront serais serait serions seriez
seraient etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons soyez
soient fusse fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai
as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient
avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse
eusses eut eussions eussiez eussent ceci cela celle celles celui ceux cet cette ici leurs
quel quelle quelles quels sans tout tous toute toutes tres plus moins aussi comme dont
jusqu lorsqu puisqu
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

# "-aux" plurals that do not come from "-al".
_AUX_EXCEPTIONS: Mapping[str, str] = {
    "travaux": "travail",
    "vitraux": "vitrail",
    "baux": "bail",
    "coraux": "corail",
    "emaux": "email",
    "soupiraux": "soupirail",
    "vantaux": "vantail",
    "ventaux": "ventail",
    "faux": "faux",
    "taux": "taux",
    "chaux": "chaux",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-"})
# U+FFFD is what a mis-decoded feed leaves of an accented letter (the public-procurement
# feeds carry it: "Cr\ufffdation", "r\ufffdseaux", "d\ufffdpartement"); in French text it
# mostly stood for é/è/ê, so "e" recovers the word far more often than a word break would.
_REPLACEMENT = str.maketrans({"\ufffd": "e"})

# Inclusive and gendered writing, on folded text: "developpeur/euse", "developpeur.se",
# "developpeur·euse", "developpeur(se)", "charge(e)s", "animateur.rice", "ingenieur·e·s"
# keep the first (masculine) form; the feminine endings are a closed list, so "java/jee" or
# "4.0" are left alone. "(h/f)", "f/h", "h/f/x" are dropped.
_FEMININE_ENDINGS = (
    "e|es|ee|ees|ne|nes|se|ses|euse|euses|rice|rices|trice|trices|ere|eres|iere|ieres|"
    "ive|ives|ienne|iennes|ice|ices|le|les|lle|lles|te|tes|tte|ttes|sse|sses|fe|fes"
)
_INCLUSIVE_RE = re.compile(
    rf"(?<=[^\W\d_])(?:[/.·•‧⋅]|\()(?:{_FEMININE_ENDINGS})\)?(?:[.·•‧⋅]?(s))?(?![^\W_])"
)
_GENDER_MARK_RE = re.compile(r"\(?(?<![^\W_])[hf]\s*/\s*[hf](?:\s*/\s*[xn])?(?![^\W_])\)?")
# "vendeur / vendeuse", "technicien/technicienne": a second form sharing the first's stem.
_PAIR_RE = re.compile(r"(?<![^\W_])([^\W\d_]{3,})\s*/\s*([^\W\d_]{3,})(?![^\W_])")

# Order matters: versions and programming names before plain words.
_WORD_RE = re.compile(
    r"[0-9]+(?:\.[0-9]+)+"  # 4.0, 2.0, 1.2.3
    r"|[^\W_](?:\+\+|#)(?![^\W_])"  # c++, c#, f#
    r"|[^\W_]+(?:['\-][^\W_]+)*"  # words, with apostrophes/hyphens resolved below
)


def fold(text: str) -> str:
    """Lower-case and remove accents: "Cybersécurité Œuvre" → "cybersecurite oeuvre".

    NFKD decomposes "é" into "e" + U+0301; the combining marks (category Mn) are dropped.
    """
    lowered = (
        text.casefold()
        .translate(_LIGATURES)
        .translate(_APOSTROPHES)
        .translate(_HYPHENS)
        .translate(_REPLACEMENT)
    )
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # NFKD can expose new upper-case or ligature characters (e.g. "ǅ"); normalise once more.
    return stripped.casefold().translate(_LIGATURES)


def _keep_first_form(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    stem = min(len(first), len(second)) - 2
    if (
        stem >= 3
        and first[:stem] == second[:stem]
        and re.fullmatch(rf"[^\W\d_]*(?:{_FEMININE_ENDINGS})", second[stem:])
    ):
        return first
    return match.group(0)


def normalise_inclusive(text: str) -> str:
    """Folded text with inclusive and gendered writing reduced to one form, and the gender
    marks of job titles removed (see the patterns above).

    >>> normalise_inclusive("developpeur/euse java (h/f)")
    'developpeur java '
    >>> normalise_inclusive("charge(e)s de mission, vendeur / vendeuse, java/jee")
    'charges de mission, vendeur, java/jee'
    """
    text = _GENDER_MARK_RE.sub(" ", text)
    text = _INCLUSIVE_RE.sub(lambda m: m.group(1) or "", text)
    return _PAIR_RE.sub(_keep_first_form, text)


def words(text: str) -> list[str]:
    """Folded words with elisions stripped, hyphenated words resolved and inclusive writing
    reduced to one form (no stop words removed)."""
    out: list[str] = []
    for match in _WORD_RE.finditer(normalise_inclusive(fold(text))):
        raw = match.group(0)
        if "'" in raw:
            parts = raw.split("'")
            if parts[0] in ELISIONS:
                parts = parts[1:]
            # "l'intelligence" → "intelligence"; "aujourd'hui" → "aujourdhui".
            raw = "".join(parts)
        if "-" in raw:
            parts = [p for p in raw.split("-") if p]
            if any(len(p) == 1 for p in parts):
                out.append("".join(parts))
            else:
                out.extend(parts)
        else:
            out.append(raw)
    return out


def singular(word: str) -> str:
    """The plural step the Snowball French stemmer lacks (folded input).

    "jeux" → "jeu", "reseaux" → "reseau", "journaux" → "journal", "travaux" → "travail",
    "videos" → "video"; words of three letters or fewer, and "-ss" endings, are unchanged.
    """
    if len(word) <= 3:
        return word
    if word in _AUX_EXCEPTIONS:
        return _AUX_EXCEPTIONS[word]
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith("ss"):
        return word
    if word.endswith(("s", "x")):
        return word[:-1]
    return word


_stem_lock = threading.Lock()
_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # The Snowball stemmer object keeps state between calls: serialise access.
    with _stem_lock:
        stemmed: str = _stemmer.stemWord(word)
    return stemmed or word


def _is_plain_word(word: str) -> bool:
    return word.isalpha()


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str | None:
    """One folded word → its token, or None for a stop word."""
    if word in STOP_WORDS:
        return None
    if not _is_plain_word(word):
        return word
    return _stem(singular(word))


def light_form(word: str) -> str:
    """A folded word with only its plural and "-ée" agreement removed: the exact form a
    one-word keyword must have ("data" and "date" share the stem "dat", not the form).

    >>> light_form("donnees"), light_form("date"), light_form("data")
    ('donnee', 'date', 'data')
    """
    form = singular(word)
    return form[:-1] if len(form) > 4 and form.endswith("ee") else form


def analyse_with_forms(text: str) -> list[tuple[str, str]]:
    """`analyse`, each token paired with the light form of the word it came from."""
    out: list[tuple[str, str]] = []
    for word in words(text):
        token = normalise_word(word)
        if token:
            out.append((token, light_form(word) if _is_plain_word(word) else word))
    return out


def analyse(text: str) -> list[str]:
    """French text → tokens for indexing and querying (see the module docstring).

    >>> analyse("L'intelligence artificielle au service des PME")
    ['intelligent', 'artificiel', 'servic', 'pme']
    >>> analyse("Cybersécurités") == analyse("cybersecurite")
    True
    """
    tokens: list[str] = []
    for word in words(text):
        token = normalise_word(word)
        if token:
            tokens.append(token)
    return tokens


# --- synonyms -------------------------------------------------------------------------------

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    """Phrases that mean the same thing; `domain` is set for the network's domains."""

    key: str
    phrases: tuple[Phrase, ...]
    domain: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Analysed phrase → concepts that contain it, for query-time synonym expansion."""

    concepts: tuple[Concept, ...]
    by_phrase: Mapping[Phrase, tuple[int, ...]]
    max_phrase_len: int

    @property
    def size(self) -> int:
        return len(self.by_phrase)


@dataclass(frozen=True)
class QueryGroup:
    """One unit of a query: the user's words, plus what else they may mean.

    A document matches the group when it contains `tokens` (as a phrase), one of the
    `alternatives` (as phrases), or has one of the `domains`.
    """

    tokens: Phrase
    alternatives: tuple[Phrase, ...] = ()
    domains: tuple[str, ...] = ()


# Beyond this many alternatives a group is too vague to expand usefully (a generic word that
# appears in hundreds of taxonomy labels): keep the first ones, deterministically.
MAX_ALTERNATIVES = 40


def domain_concepts(
    domains: Iterable[DomainDef] = DOMAINS,
) -> list[tuple[str, str | None, list[str]]]:
    """The network's domains as lexicon entries: (key, domain slug, phrases)."""
    return [(f"domain:{d.slug}", d.slug, [d.label, *d.keywords]) for d in domains]


def gender_variants(phrase: str) -> list[str]:
    """Split ROME's paired masculine/feminine labels into the two phrases they stand for.

    "Développeur / Développeuse web" → ["Développeur web", "Développeuse web"];
    "Chef de projet / Cheffe de projet informatique" → ["Chef de projet informatique",
    "Cheffe de projet informatique"] (the words after the feminine form, as many as the
    masculine form has, are shared). Other phrases are returned unchanged.
    """
    if phrase.count(" / ") != 1:
        return [phrase]
    left, right = (part.strip() for part in phrase.split(" / "))
    left_words, right_words = left.split(), right.split()
    if not left_words or len(right_words) < len(left_words):
        return [phrase]
    shared = right_words[len(left_words) :]
    return [" ".join([*left_words, *shared]), right]


def build_lexicon(
    entries: Iterable[tuple[str, str | None, Sequence[str]]] = (),
    pairs: Iterable[tuple[str, str]] = (),
) -> Lexicon:
    """Build a lexicon from concept entries and (canonical, alternative) taxonomy pairs.

    `entries` are (key, domain slug or None, phrases); `pairs` group alternatives under their
    canonical label (ROME/ESCO "label" → "alternative label"). Paired gender forms are
    split (`gender_variants`); phrases that analyse to nothing are dropped; concepts are kept
    in input order so expansion is deterministic.
    """
    grouped: dict[str, tuple[str | None, list[str]]] = {}
    for key, domain, phrases in entries:
        grouped.setdefault(key, (domain, []))[1].extend(phrases)
    for canonical, alternative in pairs:
        key = f"term:{canonical}"
        grouped.setdefault(key, (None, [canonical]))[1].append(alternative)

    concepts: list[Concept] = []
    by_phrase: dict[Phrase, list[int]] = {}
    for key, (domain, phrases) in grouped.items():
        analysed: list[Phrase] = []
        for phrase in phrases:
            for variant in gender_variants(phrase):
                tokens = tuple(analyse(variant))
                if tokens and tokens not in analysed:
                    analysed.append(tokens)
        if not analysed or (len(analysed) < 2 and domain is None):
            continue  # a concept with a single phrase adds nothing
        index = len(concepts)
        concepts.append(Concept(key=key, phrases=tuple(analysed), domain=domain))
        for tokens in analysed:
            by_phrase.setdefault(tokens, []).append(index)
    return Lexicon(
        concepts=tuple(concepts),
        by_phrase={k: tuple(v) for k, v in by_phrase.items()},
        max_phrase_len=max((len(p) for p in by_phrase), default=0),
    )


EMPTY_LEXICON = Lexicon(concepts=(), by_phrase={}, max_phrase_len=0)


def expand_tokens(tokens: Sequence[str], lexicon: Lexicon) -> tuple[QueryGroup, ...]:
    """Group analysed query tokens into units, longest lexicon phrase first (greedy)."""
    groups: list[QueryGroup] = []
    i = 0
    while i < len(tokens):
        match: Phrase | None = None
        longest = min(lexicon.max_phrase_len, len(tokens) - i)
        for length in range(longest, 0, -1):
            candidate = tuple(tokens[i : i + length])
            if candidate in lexicon.by_phrase:
                match = candidate
                break
        if match is None:
            groups.append(QueryGroup(tokens=(tokens[i],)))
            i += 1
            continue
        alternatives: list[Phrase] = []
        domains: list[str] = []
        for index in lexicon.by_phrase[match]:
            concept = lexicon.concepts[index]
            if concept.domain and concept.domain not in domains:
                domains.append(concept.domain)
            for phrase in concept.phrases:
                if phrase != match and phrase not in alternatives:
                    alternatives.append(phrase)
        groups.append(
            QueryGroup(
                tokens=match,
                alternatives=tuple(alternatives[:MAX_ALTERNATIVES]),
                domains=tuple(domains),
            )
        )
        i += len(match)
    return tuple(groups)


def expand_query(text: str, lexicon: Lexicon) -> tuple[QueryGroup, ...]:
    """Analyse a query and expand it with synonyms from `lexicon`.

    >>> lex = build_lexicon(domain_concepts())
    >>> [g.tokens for g in expand_query("sécurité informatique à Caen", lex)]
    [('securit', 'informat'), ('caen',)]
    >>> expand_query("rançongiciel", lex)[0].domains
    ('cybersecurite',)
    """
    return expand_tokens(analyse(text), lexicon)
