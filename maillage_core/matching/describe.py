"""A need profile told back to people in French, with the words that support each part
(for the staff qualification page and `maillage need analyse`)."""

from __future__ import annotations

from maillage_core.catalogue import DOMAIN_BY_SLUG, LABEL_BY_SLUG
from maillage_core.matching.profile import Budget, NeedProfile

_SIZE_LABELS = {
    "independant": "indépendant",
    "tpe": "TPE",
    "pme": "PME",
    "eti": "ETI",
    "grande": "grande entreprise",
    "collectivite": "collectivité",
    "association": "association",
}
_PLACE_KINDS = {"commune": "commune", "postcode": "code postal", "department": "département"}


def euros(amount: int) -> str:
    """15000 → "15 000 €" (French grouping with a narrow no-break space)."""
    return f"{amount:,}".replace(",", "\u202f") + " €"


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"« {w} »" for w in words)


def _domain_label(slug: str) -> str:
    return DOMAIN_BY_SLUG[slug].label if slug in DOMAIN_BY_SLUG else slug


def _budget(b: Budget) -> str:
    return euros(b.low) if b.low == b.high else f"entre {euros(b.low)} et {euros(b.high)}"


def describe_profile(p: NeedProfile) -> tuple[str, ...]:
    """One French line per part found, each citing its evidence."""
    lines: list[str] = []
    if p.urgency is not None:
        lines.append(f"Urgence : incident en cours ({_quoted(p.urgency.evidence)})")
    if p.domains:
        parts = [f"{_domain_label(d.key)} ({_quoted(d.evidence)})" for d in p.domains]
        lines.append("Domaines : " + " ; ".join(parts))
    if p.skills:
        lines.append("Compétences : " + ", ".join(s.key for s in p.skills))
    if p.place is not None:
        kind = _PLACE_KINDS[p.place.kind]
        why = p.place.why or f"« {p.place.evidence} »"
        lines.append(f"Lieu : {p.place.name} ({kind}, {why})")
    if p.sector is not None:
        lines.append(f"Secteur : {p.sector.label} (« {p.sector.evidence} »)")
    if p.size is not None:
        label = _SIZE_LABELS.get(p.size.size_class or "", "")
        count = f"{p.size.headcount} salariés" if p.size.headcount is not None else ""
        lines.append(
            f"Taille : {', '.join(x for x in (label, count) if x)} (« {p.size.evidence} »)"
        )
    if p.budget is not None:
        lines.append(f"Budget : {_budget(p.budget)} (« {p.budget.evidence} »)")
    if p.time_frame is not None:
        lines.append(f"Échéance : « {p.time_frame.evidence} »")
    for req in p.required_labels:
        names = " ou ".join(LABEL_BY_SLUG[x].name if x in LABEL_BY_SLUG else x for x in req.labels)
        lines.append(f"Label attendu : {names} (« {req.evidence} »)")
    if p.truncated:
        lines.append("Texte tronqué : seul le début a été analysé")
    return tuple(lines)
