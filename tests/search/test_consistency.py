"""The index follows every write (on commit), rebuilds atomically, and repairs itself nightly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from maillage.common.models import ImportRun, RunStatus
from maillage.directory.models import Organisation, OrganisationLabel, OrganisationSkill
from maillage.search.schema import SearchDocument
from maillage.search.services import index_check, index_rebuild, organisation_search, store
from maillage.search.tasks import index_consistency_check, index_organisations_later
from maillage.search.types import SearchQuery
from tests.search.conftest import load_places

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def found(text: str = "", **filters: tuple[str, ...]) -> set[int]:
    result = organisation_search(SearchQuery(text=text, filters=filters, per_page=100))
    return {h.organisation_id for h in result.hits}


def test_create_is_indexed_on_commit(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        org = Organisation.objects.create(name="Qubit Normandie", description="Calcul quantique.")
    assert found("quantique") == {org.id}


def test_nothing_is_indexed_before_commit(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Organisation.objects.create(name="Qubit Normandie", description="Calcul quantique.")
        assert found("quantique") == set()
    assert callbacks  # the update waits for the commit


def test_rolled_back_write_is_not_indexed(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Organisation.objects.create(name="Fantôme", description="jamais enregistrée")
        raise RuntimeError("rollback")
    assert found("fantôme") == set()


def test_update_and_delete(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    ncd = directory["ncd"]
    with django_capture_on_commit_callbacks(execute=True):
        ncd.name = "Bouclier Normand"
        ncd.save()
    assert ncd.id in found("bouclier")
    assert ncd.id not in found("défense")
    with django_capture_on_commit_callbacks(execute=True):
        ncd.delete()
    assert found("bouclier") == set()


def test_relations_reindex(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    pixel, bocage = directory["pixel"], directory["bocage"]
    with django_capture_on_commit_callbacks(execute=True):
        pixel.domains.add("ia")
    assert pixel.id in found(domain=("ia",))
    with django_capture_on_commit_callbacks(execute=True):
        pixel.domains.clear()
    assert pixel.id not in found(domain=("web",))
    with django_capture_on_commit_callbacks(execute=True):
        link = OrganisationLabel.objects.create(organisation=bocage, label_id="expertcyber")
    assert bocage.id in found(label=("expertcyber",))
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    assert bocage.id not in found(label=("expertcyber",))
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationSkill.objects.create(
            organisation=bocage, taxonomy="rome", code="M1801", label="Administration de systèmes"
        )
    assert bocage.id in found("administration systèmes")


def test_bulk_writers_schedule_once(
    directory: dict[str, Organisation], django_capture_on_commit_callbacks: Capture
) -> None:
    ids = [directory["bessin"].id, directory["ludik"].id]
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.filter(id__in=ids).update(description="Viticulture de précision")
        index_organisations_later(ids)
    assert found("viticulture") == set(ids)


@pytest.mark.django_db(transaction=True)
def test_real_commit_path() -> None:
    load_places()
    index_rebuild()
    with transaction.atomic():
        org = Organisation.objects.create(name="Atelier Lidar", description="Relevés lidar.")
        assert found("lidar") == set()
    assert found("lidar") == {org.id}


def test_rebuild_swaps_generations(directory: dict[str, Organisation]) -> None:
    st = store()
    first = st.current_generation()
    assert index_rebuild() == 30
    second = st.current_generation()
    assert index_rebuild() == 30
    third = st.current_generation()
    assert len({first, second, third}) == 3
    remaining = {p.name for p in st.root.glob("gen-*")}
    assert remaining == {second, third}  # the previous one is kept one round for old readers
    assert directory["ncd"].id in found("cybersécurité")


def test_periodic_check_repairs_and_records(directory: dict[str, Organisation]) -> None:
    ncd = directory["ncd"]
    store().update([SearchDocument(id=987654, name="Fantôme")], [ncd.id])
    Organisation.objects.filter(id=directory["pixel"].id).update(
        name="Panier Percé", updated_at=timezone.now() + dt.timedelta(seconds=5)
    )
    before = index_check(repair=False)
    assert (before.missing, before.extra) == ([ncd.id], [987654])
    assert before.stale == [directory["pixel"].id]
    assert ncd.id not in found("normandie cyber défense")

    counts = index_consistency_check.call_local()

    assert counts["missing"] == 1 and counts["extra"] == 1 and counts["stale"] == 1
    run = ImportRun.objects.get(kind="search:consistency")
    assert run.status == RunStatus.SUCCEEDED and run.counts["repaired"] is True
    assert ncd.id in found("normandie cyber défense")
    assert found("fantôme") == set()
    assert directory["pixel"].id in found("percé")
    assert index_check(repair=False).consistent


def test_periodic_check_runs_at_three() -> None:
    task = index_consistency_check.task_class()
    assert task.validate_datetime(dt.datetime(2026, 11, 24, 3, 0))
    assert not task.validate_datetime(dt.datetime(2026, 11, 24, 4, 0))
    assert not task.validate_datetime(dt.datetime(2026, 11, 24, 3, 1))
