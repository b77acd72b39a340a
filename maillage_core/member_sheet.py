"""What members write in their spreadsheets, read against the network's catalogue.

Pure functions: a `services` cell split into items, the domains an item names, the key that
identifies a specialty, and the catalogue label a spelling stands for.

- **Items** are separated by `;`, `|` or line breaks; a cell holding none of those is split on
  `,` ("Maintenance prédictive, MLOps"). `/` never separates ("ISO/IEC", "UX/UI").
- **An item names a domain** when it is the domain's slug or label, when it *is* one of the
  domain's keywords (same words, accents and plurals aside), when it holds a keyword of two
  words or more as a run of whole analysed words ("Tests d'intrusion web" → cybersécurité), or
  when one of its words is a one-word keyword that is not an everyday word
  (`catalogue.BROAD_KEYWORDS`): "Audit cybersécurité" names cybersécurité, "Développement
  économique" names nothing. One-word keywords compare folded singular words, not stems, so
  "data" never meets "date" nor "développement" "développeur".
- **Labels** compare folded, without spaces or punctuation (`label_key`): "ISO 27001",
  "iso27001" and "ISO/IEC 27001" are one label once the catalogue lists the spellings; a
  leading "label", "certification", "qualification", "certifié…" and a trailing ISO edition
  year (":2022") are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from maillage_core.catalogue import BROAD_KEYWORDS, DOMAINS, LABELS
from maillage_core.text import analyse, fold, singular, words

SPECIALTY_MAX = 200
_SEPARATORS = re.compile(r"[;|\r\n]+")
_BULLET = re.compile(r"^[\s\-•*·–—]+")
_EDITION_YEAR = re.compile(r"[\s:/-]+(?:19|20)\d{2}$")
_LABEL_PREFIXES = (
    "label",
    "labellise",
    "labellisee",
    "certification",
    "certifie",
    "certifiee",
    "qualification",
    "qualifie",
    "qualifiee",
)


def split_items(cell: str) -> list[str]:
    """A cell → its items, stripped, bullets removed, empty ones dropped, duplicates kept once
    (compared by `specialty_key`), in the order written."""
    parts = _SEPARATORS.split(cell) if _SEPARATORS.search(cell) else cell.split(",")
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        item = " ".join(_BULLET.sub("", part).split())
        key = specialty_key(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def specialty_key(item: str) -> str:
    """The identity of a specialty: its folded words ("MLOps " and "mlops" are one)."""
    return " ".join(words(item))[:SPECIALTY_MAX]


def _singular_words(text: str) -> tuple[str, ...]:
    return tuple(singular(w) for w in words(text))


@dataclass(frozen=True)
class DomainMatcher:
    """The catalogue's ways of naming each domain, prepared once."""

    exact: Mapping[tuple[str, ...], str]  # whole item (folded singular words) → slug
    words: Mapping[str, str]  # one specific word anywhere in the item → slug
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # analysed run of ≥ 2 tokens → slug


def domain_matcher(extra_names: Mapping[str, str] | None = None) -> DomainMatcher:
    """From the catalogue's domains; `extra_names` (name → slug) adds names known elsewhere
    (the database's domain labels)."""
    exact: dict[tuple[str, ...], str] = {}
    single: dict[str, str] = {}
    phrases: list[tuple[tuple[str, ...], str]] = []
    broad = {_singular_words(w) for w in BROAD_KEYWORDS}
    names: list[tuple[str, str]] = []
    for domain in DOMAINS:
        # A slug ("web", "mediation") names its domain only as the whole item.
        exact.setdefault(_singular_words(domain.slug), domain.slug)
        names.append((domain.label, domain.slug))
        names += [(k, domain.slug) for k in domain.keywords]
    names += list((extra_names or {}).items())
    for name, slug in names:
        form = _singular_words(name)
        tokens = tuple(analyse(name))
        if not tokens:  # a keyword made of stop words ("mes") names nothing
            continue
        exact.setdefault(form, slug)
        if len(tokens) >= 2:
            phrases.append((tokens, slug))
        elif len(form) == 1 and form not in broad:
            single.setdefault(form[0], slug)
    return DomainMatcher(exact, single, tuple(phrases))


def _holds(tokens: list[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(tokens[i : i + n]) == run for i in range(len(tokens) - n + 1))


def item_domains(item: str, matcher: DomainMatcher) -> tuple[str, ...]:
    """The slugs of the domains an item names (sorted; empty when it names none)."""
    form = _singular_words(item)
    if not form:
        return ()
    found: set[str] = set()
    whole = matcher.exact.get(form)
    if whole is not None:
        found.add(whole)
    found.update(matcher.words[w] for w in form if w in matcher.words)
    tokens = analyse(item)
    found.update(slug for run, slug in matcher.phrases if _holds(tokens, run))
    return tuple(sorted(found))


def is_domain_name(item: str, names: Iterable[str]) -> bool:
    """True when the item is exactly one of these names (a slug or label), words compared."""
    form = _singular_words(item)
    return any(form == _singular_words(n) for n in names)


def label_key(text: str) -> str:
    """Folded, without spaces or punctuation, without a leading "label"/"certification"… word
    or a trailing edition year: "Certifié ISO/IEC 27001:2022" → "isoiec27001"."""
    folded = _EDITION_YEAR.sub("", fold(text).strip())
    parts = re.findall(r"[^\W_]+", folded)
    while len(parts) > 1 and parts[0] in _LABEL_PREFIXES:
        parts = parts[1:]
    return "".join(parts)


def label_candidates(text: str) -> list[str]:
    """The keys a written label may stand for: the whole text, then without its parenthesis,
    then what the parenthesis holds ("Hébergeur de données de santé (HDS)")."""
    inner = re.findall(r"\(([^()]*)\)", text)
    outer = re.sub(r"\([^()]*\)", " ", text)
    keys = [label_key(t) for t in (text, outer, *inner)]
    return [k for k in dict.fromkeys(keys) if k]


def label_spellings() -> dict[str, str]:
    """Every catalogue spelling of every label (slug, name, aliases) by `label_key` → slug."""
    out: dict[str, str] = {}
    for label in LABELS:
        for spelling in (label.slug, label.name, *label.aliases):
            out.setdefault(label_key(spelling), label.slug)
    return out
