"""Keep the Domain and Label tables in step with maillage_core.catalogue after every migrate."""

from __future__ import annotations

from typing import Any

from maillage_core.catalogue import DOMAINS, LABELS


def sync_catalogue(**_kwargs: Any) -> None:
    from maillage.directory.models import Domain, Label

    for d in DOMAINS:
        Domain.objects.update_or_create(slug=d.slug, defaults={"label": d.label})
    for lbl in LABELS:
        Label.objects.update_or_create(
            slug=lbl.slug,
            defaults={"name": lbl.name, "issuer": lbl.issuer, "description": lbl.description},
        )
