"""The reference data is browsable in the back office and read-only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from maillage.opendata import models as m
from maillage.opendata.services import opendata_load

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "opendata"]


def test_every_reference_table_is_registered() -> None:
    # Link tables show as inlines (postcodes, digital codes) or not at all (fiche-skill links).
    links = {m.CommunePostcode, m.DigitalSectorCode, m.RomeFicheSkill}
    assert set(MODELS) == set(apps.get_app_config("opendata").get_models()) - links


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_and_detail_render_read_only(
    admin_client: Client, mini_dir: Path, model: type[Model]
) -> None:
    opendata_load(source_dir=mini_dir)
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "caen"}).status_code == 200
    first = model._default_manager.first()
    assert first is not None
    detail = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
    page = admin_client.get(detail)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # view-only
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert admin_client.get(add).status_code == 403


def test_commune_page_lists_postcodes(admin_client: Client, mini_dir: Path) -> None:
    opendata_load(source_dir=mini_dir, names=["geo"])
    page = admin_client.get(reverse("admin:opendata_commune_change", args=["50999"]))
    assert b"50100" in page.content and b"50101" in page.content
    assert m.Commune.objects.count() == 5
