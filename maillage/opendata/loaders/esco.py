"""esco: ESCO occupations and skills in French, with alternative labels and digital flags."""

from __future__ import annotations

from typing import Any

from maillage.opendata.loaders.base import (
    Counts,
    DataDir,
    Dataset,
    Key,
    Source,
    SourceFile,
    Tick,
    unique,
    upsert,
)
from maillage.opendata.models import EscoOccupation, EscoSkill

OCCUPATIONS = SourceFile(
    "esco/occupations_fr.csv",
    ("conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description"),
)
SKILLS = SourceFile(
    "esco/skills_fr.csv",
    ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"),
)
DIGITAL_SKILLS = SourceFile("esco/esco_competences_numeriques_fr.csv", ("conceptUri",))
DIGITAL_OCCUPATIONS = SourceFile("esco/esco_occupations_numerique_fr.csv", ("conceptUri",))


def alt_labels(text: str, preferred: str) -> str:
    """One alternative label per line: stripped, de-duplicated, without the preferred label."""
    return "\n".join(
        label for label in unique(part.strip() for part in text.splitlines()) if label != preferred
    )


def load(data: DataDir, tick: Tick) -> dict[str, Counts]:
    digital_occupations = {row["conceptUri"] for row in data.rows(DIGITAL_OCCUPATIONS)}
    occupations: dict[Key, dict[str, Any]] = {
        (row["conceptUri"],): {
            "label": row["preferredLabel"],
            "alt_labels": alt_labels(row["altLabels"], row["preferredLabel"]),
            "isco_code": row["iscoGroup"],
            "description": row["description"],
            "is_digital": row["conceptUri"] in digital_occupations,
        }
        for row in data.rows(OCCUPATIONS)
    }
    counts = {"esco_occupation": upsert(EscoOccupation, occupations, key_fields=("uri",))}
    tick("esco_occupation")

    digital_skills = {row["conceptUri"] for row in data.rows(DIGITAL_SKILLS)}
    skills: dict[Key, dict[str, Any]] = {
        (row["conceptUri"],): {
            "label": row["preferredLabel"],
            "alt_labels": alt_labels(row["altLabels"], row["preferredLabel"]),
            "skill_type": row["skillType"],
            "reuse_level": row["reuseLevel"],
            "description": row["description"],
            "is_digital": row["conceptUri"] in digital_skills,
        }
        for row in data.rows(SKILLS)
    }
    counts["esco_skill"] = upsert(EscoSkill, skills, key_fields=("uri",))
    tick("esco_skill")
    return counts


DATASET = Dataset(
    name="esco",
    title="ESCO (Commission européenne) : métiers et compétences en français",
    files=(OCCUPATIONS, SKILLS, DIGITAL_SKILLS, DIGITAL_OCCUPATIONS),
    steps=("esco_occupation", "esco_skill"),
    load=load,
    sources=(
        Source(
            "Commission européenne",
            "ESCO : téléchargement des classifications (CSV, langue fr)",
            "https://esco.ec.europa.eu/fr/use-esco/download",
        ),
    ),
)
