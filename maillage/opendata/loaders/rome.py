"""rome: ROME 4.0 (France Travail, RefRomeCsv v460): fiches, appellations, skills and their links.

`unix_liens_rome_referentiels` links a fiche (`code_rome`) to items (`code_ogr`) by block
(`code_compo_bloc`): 1 the fiche itself, 2 appellations, 5 skills (rubrique 1 savoir-faire,
2 savoir-être, 3 savoirs), 6 work contexts. Block 5 becomes RomeFicheSkill; `is_core` comes from
`unix_coherence_item` (`coeur_metier` = "Principale").
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from maillage.opendata.loaders.base import (
    Counts,
    DataDir,
    Dataset,
    Key,
    Source,
    SourceFile,
    Tick,
    fail,
    upsert,
)
from maillage.opendata.models import RomeAppellation, RomeFiche, RomeFicheSkill, RomeSkill
from maillage.opendata.text import fold

FOLDER = "rome/rome4_v460"
FICHES = SourceFile(
    f"{FOLDER}/unix_referentiel_code_rome_v460_utf8.csv",
    ("code_rome", "libelle_rome", "code_rome_parent"),
)
APPELLATIONS = SourceFile(
    f"{FOLDER}/unix_referentiel_appellation_v460_utf8.csv",
    ("code_ogr", "libelle_appellation_long", "libelle_appellation_court", "code_rome"),
)
COMPETENCES = SourceFile(
    f"{FOLDER}/unix_referentiel_competence_v460_utf8.csv",
    ("code_ogr", "nature", "libelle_competence"),
)
SAVOIRS = SourceFile(
    f"{FOLDER}/unix_referentiel_savoir_v460_utf8.csv", ("code_ogr_savoir", "libelle_savoir")
)
LINKS = SourceFile(
    f"{FOLDER}/unix_liens_rome_referentiels_v460_utf8.csv",
    ("code_rome", "code_compo_bloc", "code_ogr"),
)
COHERENCE = SourceFile(
    f"{FOLDER}/unix_coherence_item_v460_utf8.csv", ("code_rome", "code_ogr", "coeur_metier")
)
TEXTS = SourceFile(
    f"{FOLDER}/unix_texte_v460_utf8.csv",
    ("code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"),
)
SKILLS_BLOCK = "5"
CORE = "Principale"


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    texts: dict[str, dict[str, list[tuple[int, str]]]] = {
        "definition": defaultdict(list),
        "acces_metier": defaultdict(list),
    }
    for row in data.rows(TEXTS):
        if row["libelle_type_texte"] in texts:
            position = int(row["position_phrase"]) if row["position_phrase"].isdigit() else 0
            # The texts file escapes apostrophes SQL-style ("l''entretien"); the others do not.
            text = row["libelle_texte"].replace("''", "'")
            texts[row["libelle_type_texte"]][row["code_rome"]].append((position, text))

    fiches: dict[Key, dict[str, Any]] = {}
    for row in data.rows(FICHES):
        code = row["code_rome"]
        if len(code) != 5:
            raise fail(FICHES, row, f"not a ROME code: {code!r}")
        fiches[(code,)] = {
            "label": row["libelle_rome"],
            "label_folded": fold(row["libelle_rome"]),
            "domain_code": code[:3],
            "parent_code": row["code_rome_parent"],
            "definition": "\n".join(t for _, t in sorted(texts["definition"].get(code, []))),
            "access": "\n".join(t for _, t in sorted(texts["acces_metier"].get(code, []))),
        }
    counts = {"rome_fiche": upsert(RomeFiche, fiches, key_fields=("code",))}
    tick("rome_fiche")

    appellations: dict[Key, dict[str, Any]] = {}
    for row in data.rows(APPELLATIONS):
        if (row["code_rome"],) not in fiches:
            raise fail(APPELLATIONS, row, f"unknown fiche {row['code_rome']!r}")
        appellations[(row["code_ogr"],)] = {
            "label": row["libelle_appellation_long"],
            "label_folded": fold(row["libelle_appellation_long"]),
            "short_label": row["libelle_appellation_court"],
            "fiche_id": row["code_rome"],
        }
    counts["rome_appellation"] = upsert(RomeAppellation, appellations, key_fields=("code",))
    tick("rome_appellation")

    skills: dict[Key, dict[str, Any]] = {}
    for row in data.rows(COMPETENCES):
        kind = RomeSkill.Kind.MACRO if row["nature"] == "Macro-compétence" else "competence"
        skills[(row["code_ogr"],)] = {"label": row["libelle_competence"], "kind": str(kind)}
    for row in data.rows(SAVOIRS):
        if (row["code_ogr_savoir"],) in skills:
            raise fail(SAVOIRS, row, f"code {row['code_ogr_savoir']} is also a compétence")
        skills[(row["code_ogr_savoir"],)] = {
            "label": row["libelle_savoir"],
            "kind": str(RomeSkill.Kind.SAVOIR),
        }
    counts["rome_skill"] = upsert(RomeSkill, skills, key_fields=("code",))
    tick("rome_skill")

    core = {
        (row["code_rome"], row["code_ogr"])
        for row in data.rows(COHERENCE)
        if row["coeur_metier"] == CORE
    }
    links: dict[Key, dict[str, Any]] = {}
    for row in data.rows(LINKS):
        if row["code_compo_bloc"] != SKILLS_BLOCK:
            continue
        key = (row["code_rome"], row["code_ogr"])
        if (key[0],) not in fiches:
            raise fail(LINKS, row, f"unknown fiche {key[0]!r}")
        if (key[1],) not in skills:
            raise fail(LINKS, row, f"unknown compétence or savoir {key[1]!r}")
        links[key] = {"is_core": key in core}
    counts["rome_fiche_skill"] = upsert(
        RomeFicheSkill, links, key_fields=("fiche_id", "skill_id"), delete_missing=True
    )
    tick("rome_fiche_skill")
    return counts


DATASET = Dataset(
    name="rome",
    title="ROME 4.0 (v460) : fiches métiers, appellations, compétences et savoirs",
    files=(FICHES, APPELLATIONS, COMPETENCES, SAVOIRS, LINKS, COHERENCE, TEXTS),
    steps=("rome_fiche", "rome_appellation", "rome_skill", "rome_fiche_skill"),
    load=load,
    sources=(
        Source(
            "France Travail",
            "ROME 4.0 : jeux de données à télécharger (RefRomeCsv, unix_*_v460_utf8.csv)",
            "https://francetravail.org/opendata/repertoire-operationnel-des-meti.html",
        ),
        Source(
            "France Travail",
            "ROME 4.0 sur data.gouv.fr",
            "https://www.data.gouv.fr/fr/datasets/repertoire-operationnel-des-metiers-et-des-emplois-rome/",
        ),
        Source(
            "France Travail",
            "API ROME 4.0 (catalogue francetravail.io)",
            "https://francetravail.io/data/api",
        ),
    ),
)
