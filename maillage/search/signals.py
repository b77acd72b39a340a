"""Keep the index consistent on every write: organisation saves/deletes and relation changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from maillage.directory.models import Organisation, OrganisationLabel, OrganisationSkill
from maillage.search.tasks import index_organisations_later


def _organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the loader rebuilds the index afterwards
    index_organisations_later([instance.pk])


def _relation_changed(
    sender: Any, instance: OrganisationLabel | OrganisationSkill, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    index_organisations_later([instance.organisation_id])


def _domains_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        index_organisations_later([instance.pk])
    elif action == "pre_clear":
        # domain.organisations.clear(): pk_set is unknown after the clear, collect it before.
        index_organisations_later(instance.organisations.values_list("pk", flat=True))
    elif pk_set:
        index_organisations_later(pk_set)


def connect() -> None:
    post_save.connect(_organisation_changed, sender=Organisation, dispatch_uid="search-org-save")
    post_delete.connect(
        _organisation_changed, sender=Organisation, dispatch_uid="search-org-delete"
    )
    for model in (OrganisationLabel, OrganisationSkill):
        post_save.connect(
            _relation_changed, sender=model, dispatch_uid=f"search-{model.__name__}-s"
        )
        post_delete.connect(
            _relation_changed, sender=model, dispatch_uid=f"search-{model.__name__}-d"
        )
    m2m_changed.connect(
        _domains_changed, sender=Organisation.domains.through, dispatch_uid="search-org-domains"
    )
