"""Human-readable French reasons for a ranked candidate (UI text, hence French)."""

from __future__ import annotations

from maillage_core.catalogue import DOMAIN_BY_SLUG, LABEL_BY_SLUG
from maillage_core.matching.candidate import Candidate
from maillage_core.matching.features import matched_skills
from maillage_core.matching.lexicon import domain_affinity
from maillage_core.matching.profile import NeedProfile
from maillage_core.matching.weights import RankContext


def _s(n: int) -> str:
    """French plural mark."""
    return "s" if n > 1 else ""


_SIZE_WORDS = {
    "independant": "un indépendant",
    "tpe": "une TPE",
    "pme": "une PME",
    "eti": "une ETI",
    "grande": "un grand compte",
    "collectivite": "une collectivité",
    "association": "une association",
}


def french_number(value: float, decimals: int = 1) -> str:
    """1.5 → "1,5"; 12.0 → "12" (French decimal comma, no trailing zero)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _domain_label(slug: str) -> str:
    label = DOMAIN_BY_SLUG[slug].label if slug in DOMAIN_BY_SLUG else slug
    # Lower-case the first letter unless the first word is an acronym ("IoT", "UX").
    first = label.split(" ", 1)[0]
    return label[0].lower() + label[1:] if first[1:].islower() else label


def _label_name(slug: str) -> str:
    return LABEL_BY_SLUG[slug].name if slug in LABEL_BY_SLUG else slug


def skills_reason(profile: NeedProfile, cand: Candidate) -> list[str]:
    exact = [_domain_label(d.key) for d in profile.domains if d.key in cand.domains]
    skills = [s for s in matched_skills(profile, cand) if s not in exact]
    out: list[str] = []
    if exact or skills:
        out.append("Compétences : " + ", ".join(exact + skills))
    near = [
        _domain_label(o)
        for d in profile.domains
        if d.key not in cand.domains
        for o in sorted(cand.domains)
        if domain_affinity(d.key, o) > 0 and o not in {p.key for p in profile.domains}
    ]
    if near and not exact:
        out.append("Domaine voisin : " + ", ".join(dict.fromkeys(near)))
    return out


def distance_reason(d_km: float | None, cand: Candidate) -> list[str]:
    if d_km is None:
        return []
    where = f" ({cand.commune_name})" if cand.commune_name else ""
    if d_km < 1.0:
        return [f"Sur place{where}"]
    return [f"À {round(d_km)} km{where}"]


def sovereignty_reason(cand: Candidate, ctx: RankContext) -> list[str]:
    if cand.hq_country == ctx.country and cand.hq_region == ctx.region_code:
        return [f"Siège en {ctx.region_name}"]
    if cand.hq_country == ctx.country:
        return ["Siège en France"]
    if cand.hq_country:
        return [f"Siège à l'étranger ({cand.hq_country})"]
    return []


def labels_reason(profile: NeedProfile, cand: Candidate) -> list[str]:
    out: list[str] = []
    shown: set[str] = set()
    for req in profile.required_labels:
        held = sorted(cand.labels & set(req.labels))
        if held:
            out.extend(f"Label {_label_name(h)}" for h in held if h not in shown)
            shown.update(held)
        else:
            names = " ou ".join(_label_name(x) for x in req.labels)
            out.append(f"Label attendu absent : {names}")
    wanted = {d.key for d in profile.domains}
    for slug in sorted(cand.labels - shown):
        label = LABEL_BY_SLUG.get(slug)
        if label is not None and label.domain in wanted:
            out.append(f"Label {label.name}")
    return out


def size_reason(profile: NeedProfile, fit: float) -> list[str]:
    if profile.size is None or profile.size.size_class is None or fit < 0.99:
        return []
    return [f"Taille adaptée à {_SIZE_WORDS[profile.size.size_class]}"]


def outcomes_reason(cand: Candidate) -> list[str]:
    o = cand.outcomes
    asked = o.accepted + o.declined
    if asked == 0:
        return []
    parts = [f"{o.accepted} mise{_s(o.accepted)} en relation acceptée{_s(o.accepted)} sur {asked}"]
    if o.contracts:
        parts.append(f"{o.contracts} contrat{'s' if o.contracts > 1 else ''}")
    if o.satisfaction_mean is not None and o.satisfaction_count:
        parts.append(f"satisfaction {french_number(o.satisfaction_mean)}/5")
    return ["Historique : " + ", ".join(parts)]


def load_reason(cand: Candidate) -> list[str]:
    if cand.capacity is None:
        return []
    if cand.open_introductions >= cand.capacity:
        return [f"Capacité atteinte ({cand.open_introductions} demandes en cours)"]
    n = cand.open_introductions
    return [f"Charge : {n} demande{_s(n)} en cours sur {cand.capacity}"]


def rotation_reason(cand: Candidate, penalty: float) -> list[str]:
    if penalty <= 0:
        return []
    return [f"Déjà proposé {cand.recent_exposures} fois récemment (rotation)"]


def sector_reason(profile: NeedProfile, serves: bool) -> list[str]:
    if not serves or profile.sector is None:
        return []
    return [f"Connaît le secteur : {profile.sector.label}"]


def response_reason(profile: NeedProfile, cand: Candidate) -> list[str]:
    if profile.urgency is None or not cand.on_call:
        return []
    if cand.response_hours is None:
        return ["Astreinte déclarée"]
    return [f"Astreinte : intervention sous {french_number(cand.response_hours)} h"]
