"""Matching both ways, co-applicants, the review queue page, and feeds polled through the
SSRF-safe client (the periodic task over active `FundingSource`s, the CLI with a URL)."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from maillage.common.models import RunStatus
from maillage.directory.models import Organisation
from maillage.funding import ranking, selectors
from maillage.funding.models import FollowedCall, FundingCall, FundingSource, ReviewItem
from maillage.funding.services import call_update_by_staff, calls_import
from maillage.funding.tasks import funding_sources_poll
from tests.web.builders import World, build_world

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"
CORE = Path(__file__).resolve().parent.parent / "fixtures" / "funding"
TODAY = date(2026, 12, 1)


@pytest.fixture
def world() -> World:
    w = build_world()
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")
    return w


def test_calls_for_an_organisation_eligible_with_reasons(world: World) -> None:
    # org_a: a cybersecurity company in Caen (Calvados)
    matches = ranking.calls_for_organisation(world.org_a, today=TODAY)
    ids = [m.call.external_id for m in matches]
    assert "manche-num" not in ids  # Manche only: not eligible in Caen
    assert "export-old" not in ids  # closed
    assert ids[0] == "cyber-norm"  # its domain, eligible
    first = matches[0]
    assert first.eligibility is not None and first.eligibility.verdict.value == "eligible"
    assert any("Clôture le 30/06/2099" in r for r in first.reasons)
    org_b = ranking.calls_for_organisation(world.org_b, today=TODAY)
    assert "manche-num" in [m.call.external_id for m in org_b]  # Cherbourg is in the Manche


def test_members_to_alert_for_a_call(world: World) -> None:
    call = FundingCall.objects.get(external_id="cyber-norm")
    names = [o.name for o, _ in ranking.members_to_alert(call, today=TODAY)]
    assert world.org_a.name in names
    assert all(
        o.membership == "member"
        and o.domains.filter(
            slug__in=["cybersecurite", "conseil", "logiciel", "web", "mediation"]
        ).exists()
        for o, _ in ranking.members_to_alert(call, today=TODAY)
    )


def test_calls_for_a_need(world: World) -> None:
    from maillage.matching.models import Need

    need = Need.objects.create(
        organisation=world.org_b,
        text="Nous voulons un audit de cybersécurité et sensibiliser nos salariés au phishing.",
        contact_name="Hugo Marie",
        contact_email="hugo@exemple.test",
        consent_at=timezone.now(),
    )
    found = ranking.calls_for_need(need, 3, today=TODAY)
    assert found and found[0].call.external_id == "cyber-norm"


def test_co_applicants_follow_or_complement(world: World) -> None:
    call = FundingCall.objects.get(external_id="cyber-norm")
    FollowedCall.objects.create(user=world.member_b, call=call, organisation=world.org_b)
    found = selectors.co_applicants(
        call, own_ids=[world.org_a.pk], domains=frozenset({"cybersecurite", "iot"})
    )
    assert found[0] == (world.org_b, "suit aussi cet appel")
    assert all(o.pk != world.org_a.pk for o, _ in found)
    # the call needs IoT, which org A lacks: the IoT member is suggested
    assert [o.name for o, why in found if why == "compétences complémentaires"] == [
        "Saint-Lô Industrie 4.0"
    ]


def test_review_queue_page_accept_and_reject(world: World) -> None:
    call = FundingCall.objects.get(external_id="manche-num")
    call_update_by_staff(call=call, changes={"title": "Titre relu", "amount_max": 2000})
    changed = (
        (APP / "appels.csv")
        .read_text()
        .replace("Chèque numérique Manche", "Chèque 2099")
        .replace(",1500\n", ",1800\n")
    )
    calls_import(format_name="csv", data=changed, source_label="t2")
    items = {i.field: i for i in ReviewItem.objects.all()}
    assert set(items) == {"title", "amount_max"}
    staff = Client()
    staff.force_login(world.network_staff)
    page = staff.get("/aides/gestion/relecture/").content.decode()
    assert "Chèque 2099" in page and "Titre relu" in page
    staff.post(f"/aides/gestion/relecture/{items['title'].pk}/", {"decision": "accept"})
    staff.post(f"/aides/gestion/relecture/{items['amount_max'].pk}/", {"decision": "reject"})
    call.refresh_from_db()
    assert (call.title, call.amount_max) == ("Chèque 2099", 2000)
    assert not ReviewItem.objects.filter(resolution="open").exists()


class _Feed(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feed_url(settings: Any) -> Iterator[str]:
    handler = type("F", (_Feed,), {"body": (CORE / "appels_rss.xml").read_bytes()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    settings.FUNDING_FETCH_ALLOW = ["127.0.0.2/32"]
    yield f"http://127.0.0.2:{httpd.server_address[1]}/flux.xml"
    httpd.shutdown()
    httpd.server_close()


def test_periodic_task_polls_active_sources(feed_url: str) -> None:
    good = FundingSource.objects.create(
        name="Région", format="rss", url=feed_url, funder="Région Normandie"
    )
    bad = FundingSource.objects.create(
        name="Métadonnées", format="rss", url="http://169.254.169.254/latest/"
    )
    FundingSource.objects.create(
        name="Inactif", format="rss", url="http://127.0.0.2:1/x", active=False
    )
    funding_sources_poll.call_local()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.last_run is not None and good.last_run.status == RunStatus.SUCCEEDED
    assert bad.last_run is not None and bad.last_run.status == RunStatus.REFUSED
    assert "lien-local" in bad.last_run.error
    assert (
        FundingCall.objects.filter(source=feed_url).count() == good.last_run.counts["created"] > 0
    )
    funding_sources_poll.call_local()  # idempotent
    good.refresh_from_db()
    assert good.last_run is not None and good.last_run.counts["unchanged"] > 0
    assert good.last_run.counts["created"] == 0


def test_cli_import_from_url(feed_url: str) -> None:
    out = io.StringIO()
    call_command("funding_import", "--format", "rss", feed_url, "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] > 0
    with pytest.raises(CommandError, match="refusé"):
        call_command("funding_import", "--format", "rss", "http://127.0.0.1:9/flux.xml")
    with pytest.raises(CommandError, match="refusé"):
        call_command("funding_import", "--format", "rss", "file:///etc/passwd")


def test_staff_edit_unknown_field_refused(world: World) -> None:
    call = FundingCall.objects.get(external_id="manche-num")
    with pytest.raises(ValueError, match="non modifiables"):
        call_update_by_staff(call=call, changes={"content_hash": "x"})
    assert Organisation.objects.count() > 0


def test_network_staff_register_a_feed_in_the_back_office(world: World) -> None:
    staff = Client()
    staff.force_login(world.network_staff)
    assert staff.get("/back-office/funding/fundingsource/add/").status_code == 200
    response = staff.post(
        "/back-office/funding/fundingsource/add/",
        {
            "name": "Région Normandie",
            "format": "rss",
            "url": "https://www.normandie.fr/flux.xml",
            "funder": "Région Normandie",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert FundingSource.objects.get().format == "rss"
    member = Client()
    member.force_login(world.member_a)
    assert member.get("/back-office/funding/fundingsource/add/").status_code == 302
