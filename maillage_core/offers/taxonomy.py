"""The occupational taxonomy the classifier is built from: ROME 4.0 fiches, appellations, skills.

Built by the caller from the official `RefRomeCsv` rows (`taxonomy_from_rome_rows`) or by hand in
tests. Pure data: no file is read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    code: str  # ROME code_ogr (compétence or savoir), or an ESCO URI
    label: str
    kind: str = "competence"  # "competence" | "savoir" | "esco"


@dataclass(frozen=True)
class Fiche:
    """One ROME fiche métier."""

    code: str  # e.g. "M1805"
    label: str
    appellations: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()  # Skill.code, in referential order
    definition: str = ""
    parent: str = ""  # ROME 4.0 `code_rome_parent` (the v3 fiche it was split from)
    alt_labels: tuple[str, ...] = ()  # optional, e.g. ESCO alternative labels
    access: str = ""  # `unix_texte` "acces_metier": diplomas, experience, licences
    contexts: tuple[str, ...] = ()  # work-context labels (bloc 6): places, hours, conditions


@dataclass(frozen=True)
class Taxonomy:
    fiches: tuple[Fiche, ...]
    skills: Mapping[str, Skill]

    def fiche(self, code: str) -> Fiche:
        for f in self.fiches:
            if f.code == code:
                return f
        raise KeyError(code)


Row = Mapping[str, str]


def taxonomy_from_rome_rows(
    *,
    fiches: Iterable[Row],
    appellations: Iterable[Row],
    links: Iterable[Row] = (),
    competences: Iterable[Row] = (),
    savoirs: Iterable[Row] = (),
    texts: Iterable[Row] = (),
    contexts: Iterable[Row] = (),
) -> Taxonomy:
    """Assemble a taxonomy from ROME 4.0 CSV rows (as `csv.DictReader` yields them).

    fiches: `unix_referentiel_code_rome` (code_rome, libelle_rome, code_rome_parent);
    appellations: `unix_referentiel_appellation` (code_rome, libelle_appellation_long);
    links: `unix_liens_rome_referentiels` (code_rome, code_compo_bloc, code_ogr; bloc 5 = skills);
    competences: `unix_referentiel_competence` (code_ogr, libelle_competence);
    savoirs: `unix_referentiel_savoir` (code_ogr_savoir, libelle_savoir);
    texts: `unix_texte` (code_rome, libelle_type_texte, position_phrase, libelle_texte);
    contexts: `unix_referentiel_contexte_travail` (code_ogr, libelle_cont_travail), linked
    through bloc 6 of `links`.
    """
    context_labels = {r["code_ogr"]: r["libelle_cont_travail"] for r in contexts}
    skills: dict[str, Skill] = {}
    for r in competences:
        skills[r["code_ogr"]] = Skill(r["code_ogr"], r["libelle_competence"], "competence")
    for r in savoirs:
        skills[r["code_ogr_savoir"]] = Skill(r["code_ogr_savoir"], r["libelle_savoir"], "savoir")
    apps: dict[str, list[str]] = {}
    for r in appellations:
        apps.setdefault(r["code_rome"], []).append(r["libelle_appellation_long"])
    linked: dict[str, list[str]] = {}
    linked_contexts: dict[str, list[str]] = {}
    for r in links:
        if r.get("code_compo_bloc") == "5" and r["code_ogr"] in skills:
            linked.setdefault(r["code_rome"], []).append(r["code_ogr"])
        elif r.get("code_compo_bloc") == "6" and r["code_ogr"] in context_labels:
            linked_contexts.setdefault(r["code_rome"], []).append(context_labels[r["code_ogr"]])
    definitions: dict[str, list[tuple[int, str]]] = {}
    accesses: dict[str, list[tuple[int, str]]] = {}
    for r in texts:
        kind = r.get("libelle_type_texte")
        if kind in ("definition", "acces_metier"):
            pos = int(r.get("position_phrase") or 0)
            into = definitions if kind == "definition" else accesses
            # the texts file escapes apostrophes SQL-style ("l''entretien")
            text = r["libelle_texte"].replace("''", "'")
            into.setdefault(r["code_rome"], []).append((pos, text))
    out = [
        Fiche(
            code=r["code_rome"],
            label=r["libelle_rome"],
            appellations=tuple(sorted(set(apps.get(r["code_rome"], ())))),
            skills=tuple(dict.fromkeys(linked.get(r["code_rome"], ()))),
            definition=" ".join(t for _, t in sorted(definitions.get(r["code_rome"], ()))),
            parent=r.get("code_rome_parent", "") or "",
            access=" ".join(t for _, t in sorted(accesses.get(r["code_rome"], ()))),
            contexts=tuple(dict.fromkeys(linked_contexts.get(r["code_rome"], ()))),
        )
        for r in fiches
    ]
    return Taxonomy(fiches=tuple(sorted(out, key=lambda f: f.code)), skills=skills)
