"""Finding the same call published by several sources. Duplicates are linked, never deleted.

Two records are the same call when they do not contradict each other (different deadlines, or
funders with nothing in common — compared through `funder_marks`, so "Région Normandie" and
"Conseil régional de Normandie" agree) and either point to the same canonical URL or have titles
whose analysed-token sets have a Jaccard similarity ≥ 0.8:

    J(A, B) = |A ∩ B| / |A ∪ B|

Titles are analysed with `maillage_core.text.analyse` (accents folded, case, punctuation and
stop words removed, plurals and suffixes stemmed), so "Appel à projets : Industrie du futur"
and "appel a projet industrie du futur" have the same tokens.

`group_duplicates` avoids comparing all n² pairs with *prefix filtering* (Bayardo, Ma and
Srikant, "Scaling up all pairs similarity search", WWW 2007): order each title's tokens from
rarest to most common; if J(A, B) ≥ t then A and B share a token among the first
|A| − ⌈t·|A|⌉ + 1 tokens of A, so only records sharing such a prefix token are compared.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from maillage_core.funding.types import CallRecord
from maillage_core.text import analyse

TITLE_THRESHOLD = 0.8
_TRACKING = ("utm_", "mtm_", "pk_")
_TRACKING_EXACT = frozenset({"fbclid", "gclid", "msclkid", "xtor", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """A URL reduced to what identifies the page: scheme https, host lowercased without
    "www." or default port, no fragment, no tracking parameters (utm_*, fbclid…), remaining
    query parameters sorted, no trailing slash. "" for an empty or non-http(s) URL."""
    text = "".join(url.split())
    if not text:
        return ""
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING) and k.lower() not in _TRACKING_EXACT
    )
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(query), ""))


def normalise_title(title: str) -> str:
    """The title's analysed tokens joined by spaces (see the module docstring)."""
    return " ".join(analyse(title))


# Words that many funders' names share: they say what kind of body, not which one.
_GENERIC_FUNDER_WORDS = (
    "conseil régional région départemental département général agence caisse ministère état "
    "communauté commune syndicat chambre fonds banque direction service établissement public "
    "national initiative france territoire développement urbaine métropole agglomération "
    "foncier local interministériel"
)
_GENERIC_FUNDER_TOKENS = frozenset(analyse(_GENERIC_FUNDER_WORDS))


def funder_marks(name: str) -> frozenset[str]:
    """What identifies a funder across spellings: its analysed tokens run together ("BPI
    France" and "Bpifrance" give "bpifranc") and its distinctive tokens ("Région Normandie"
    and "Conseil régional de Normandie" share "normand")."""
    tokens = analyse(name)
    if not tokens:
        return frozenset()
    return frozenset({"".join(tokens)} | {t for t in tokens if t not in _GENERIC_FUNDER_TOKENS})


@dataclass(frozen=True)
class DedupeKey:
    url: str
    title: str
    funders: frozenset[str]
    deadline: date | None

    def as_string(self) -> str:
        """A compact key for exact-match lookups: "title|funder1;funder2|deadline"."""
        deadline = self.deadline.isoformat() if self.deadline else ""
        return f"{self.title}|{';'.join(sorted(self.funders))}|{deadline}"


def dedupe_key(record: CallRecord) -> DedupeKey:
    return DedupeKey(
        url=canonical_url(record.url),
        title=normalise_title(record.title),
        funders=frozenset(mark for name in record.funders for mark in funder_marks(name)),
        deadline=record.deadline,
    )


def title_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the analysed token sets of two titles (1.0 when both empty)."""
    sa, sb = set(analyse(a)), set(analyse(b))
    return _jaccard(frozenset(sa), frozenset(sb))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _compatible(a: DedupeKey, b: DedupeKey) -> bool:
    if a.deadline is not None and b.deadline is not None and a.deadline != b.deadline:
        return False
    return not (a.funders and b.funders and not a.funders & b.funders)


def _specific_url(url: str) -> bool:
    """A URL naming one page, not a site's home page shared by many calls."""
    return bool(url) and bool(urlsplit(url).path.strip("/"))


def same_call(a: CallRecord, b: CallRecord, *, threshold: float = TITLE_THRESHOLD) -> bool:
    """Whether two records describe the same call (see the module docstring)."""
    return _same(dedupe_key(a), dedupe_key(b), threshold)


def _same(ka: DedupeKey, kb: DedupeKey, threshold: float) -> bool:
    ta, tb = frozenset(ka.title.split()), frozenset(kb.title.split())
    return _same_tokens(ka, kb, ta, tb, threshold)


def _same_tokens(
    ka: DedupeKey, kb: DedupeKey, ta: frozenset[str], tb: frozenset[str], threshold: float
) -> bool:
    if not _compatible(ka, kb):
        return False
    if _specific_url(ka.url) and ka.url == kb.url:
        return True
    # length filter: J(A, B) <= min(|A|, |B|) / max(|A|, |B|)
    if min(len(ta), len(tb)) < threshold * max(len(ta), len(tb)):
        return False
    return _jaccard(ta, tb) >= threshold


def group_duplicates(
    records: Sequence[CallRecord], *, threshold: float = TITLE_THRESHOLD
) -> list[list[int]]:
    """Groups (of two or more) of positions in `records` that describe the same call, by
    transitive closure of `same_call`; members ascending, groups ordered by first member.

    Records are visited in order; each is compared only with earlier records sharing its
    canonical URL or a prefix token (see the module docstring) and not already in its group.
    """
    keys = [dedupe_key(r) for r in records]
    tokens = [frozenset(k.title.split()) for k in keys]
    df = Counter(t for ts in tokens for t in ts)
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_url: dict[str, list[int]] = defaultdict(list)
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        ordered = sorted(tokens[i], key=lambda t: (df[t], t))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        candidates: set[int] = set()
        if _specific_url(key.url):
            candidates.update(by_url[key.url])
            by_url[key.url].append(i)
        for token in prefix:
            candidates.update(by_prefix[token])
            by_prefix[token].append(i)
        for j in sorted(candidates):
            root_i, root_j = find(i), find(j)
            if root_i != root_j and _same_tokens(keys[i], keys[j], tokens[i], tokens[j], threshold):
                parent[max(root_i, root_j)] = min(root_i, root_j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
