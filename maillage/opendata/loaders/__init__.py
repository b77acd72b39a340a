"""Open-data loaders, one module per dataset; DATASETS is in dependency order."""

from __future__ import annotations

from maillage.opendata.loaders import esco, geo, hirings, naf, rome, sirene
from maillage.opendata.loaders.base import Counts, DataDir, Dataset, SourceError, SourceFile

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        geo.DATASET,
        naf.DATASET,
        sirene.DATASET,
        rome.DATASET,
        hirings.DATASET,
        esco.DATASET,
    )
}

__all__ = ["DATASETS", "Counts", "DataDir", "Dataset", "SourceError", "SourceFile"]
