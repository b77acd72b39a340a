"""Alerts: double opt-in, one-click unsubscribe, the interrupted digest run (each recipient
gets exactly one e-mail), J-14 / J-3 reminders, the ICS feeds parsed back with `icalendar`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from maillage.common.models import OutboxEmail
from maillage.common.outbox import outbox_send_pending
from maillage.funding import alerts
from maillage.funding.models import FollowedCall, Frequency, FundingCall, SavedSearch, UserCalendar
from maillage.funding.services import calls_import

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parent.parent / "fixtures" / "funding_app"


@pytest.fixture
def calls() -> None:
    calls_import(format_name="csv", data=(APP / "appels.csv").read_bytes(), source_label="t")


def _user(name: str) -> User:
    return User.objects.create_user(name, f"{name}@exemple.test", "correct-horse-battery-staple")


def _confirmed(user: User, **criteria: Any) -> SavedSearch:
    search = alerts.saved_search_create(
        user_id=user.pk, email=user.email, name=f"alerte {user.username}", **criteria
    )
    confirmed = alerts.saved_search_confirm(
        token=search.confirm_token, now=timezone.now() - timedelta(days=2)
    )
    assert confirmed is not None
    return confirmed


def test_double_opt_in_then_one_click_unsubscribe(calls: None) -> None:
    user = _user("alice")
    search = alerts.saved_search_create(
        user_id=user.pk, email=user.email, name="Cyber", themes=["cybersecurite"]
    )
    confirm = OutboxEmail.objects.get(key=f"confirm:{search.pk}")
    assert search.confirm_token in confirm.body
    # not confirmed: no digest
    assert alerts.digests_run(frequency=Frequency.WEEKLY).searches == 0
    client = Client()
    assert client.get(f"/aides/alertes/confirmer/{search.confirm_token}/").status_code == 200
    search.refresh_from_db()
    assert search.confirmed_at is not None
    # GET shows a button and changes nothing (mail scanners follow links)
    page = client.get(f"/aides/alertes/desabonner/{search.unsubscribe_token}/")
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    search.refresh_from_db()
    assert search.unsubscribed_at is None
    assert client.post(f"/aides/alertes/desabonner/{search.unsubscribe_token}/").status_code == 200
    search.refresh_from_db()
    assert search.unsubscribed_at is not None
    assert client.get("/aides/alertes/confirmer/inconnu/").status_code == 404


def test_digest_contains_new_matching_calls_and_unsubscribe_link(calls: None) -> None:
    user = _user("bob")
    search = _confirmed(user, themes=["cybersecurite"])
    FundingCall.objects.update(created_at=timezone.now() - timedelta(days=1))
    report = alerts.digests_run(frequency=Frequency.WEEKLY)
    assert report.queued == 1
    email = OutboxEmail.objects.get(key__startswith="digest:")
    assert "Cybersécurité des TPE" in email.body and "Chèque" not in email.body
    assert search.unsubscribe_token in email.body and "List-Unsubscribe" in email.body
    # a second run the same week: nothing new since the last digest, nothing queued
    assert alerts.digests_run(frequency=Frequency.WEEKLY).queued == 0


def _crash_after(inserts: int) -> Callable[..., Any]:
    seen = {"n": 0}

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if sql.startswith("INSERT") and "common_outboxemail" in sql:
            seen["n"] += 1
            if seen["n"] > inserts:
                raise RuntimeError("worker killed")
        return execute(sql, params, many, context)

    return wrapper


class _DyingBackend:
    """An e-mail transport that dies (BaseException, like a killed process) after n sends."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from django.core.mail.backends.locmem import EmailBackend

        parent = self

        class Backend(EmailBackend):
            def send_messages(self, messages: Any) -> int:
                if parent.n <= 0:
                    raise KeyboardInterrupt("sender killed")
                parent.n -= 1
                return int(super().send_messages(messages))

        return Backend(*args, **kwargs)


def test_interrupted_digest_run_sends_each_email_once(calls: None, settings: Any) -> None:
    users = [_user(f"u{i}") for i in range(6)]
    for u in users:
        _confirmed(u, themes=["numerique"])
    FundingCall.objects.update(created_at=timezone.now() - timedelta(days=1))
    now = timezone.now()
    # 1. the digest computation dies after queuing 2 of the 6 digests
    with connection.execute_wrapper(_crash_after(2)), pytest.raises(RuntimeError):
        alerts.digests_run(frequency=Frequency.WEEKLY, now=now)
    assert OutboxEmail.objects.filter(key__startswith="digest:").count() == 2
    # 2. the re-run of the same period queues the other 4, never the first 2 again
    alerts.digests_run(frequency=Frequency.WEEKLY, now=now + timedelta(minutes=5))
    assert OutboxEmail.objects.filter(key__startswith="digest:").count() == 6
    # 3. the sender dies after 3 e-mails…
    OutboxEmail.objects.exclude(key__startswith="digest:").delete()
    mail.outbox = []
    settings.EMAIL_BACKEND = "tests.funding.test_alerts.dying_backend"
    global dying_backend
    dying_backend = _DyingBackend(3)
    with pytest.raises(KeyboardInterrupt):
        outbox_send_pending()
    # …its claimed message is taken up again once the lease has passed
    OutboxEmail.objects.filter(status="sending").update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    dying_backend = _DyingBackend(100)
    outbox_send_pending()
    alerts.digests_run(frequency=Frequency.WEEKLY, now=now + timedelta(minutes=10))
    outbox_send_pending()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(u.email for u in users)


dying_backend: Any = None


def test_deadline_reminders_j14_and_j3_once(calls: None) -> None:
    user = _user("carol")
    call = FundingCall.objects.get(external_id="cyber-norm")
    FollowedCall.objects.create(user=user, call=call)
    assert call.deadline is not None
    for days in (14, 3):
        today = call.deadline - timedelta(days=days)
        assert alerts.reminders_run(today=today) == 1
        assert alerts.reminders_run(today=today) == 0
    assert alerts.reminders_run(today=call.deadline - timedelta(days=5)) == 0
    keys = sorted(OutboxEmail.objects.values_list("key", flat=True))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["J-14", "J-3"]


def _events(body: bytes) -> dict[str, date]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e.get("summary")): e.decoded("dtstart") for e in cal.walk("VEVENT")}


def test_ics_feeds_round_trip(calls: None) -> None:
    user = _user("dave")
    search = _confirmed(user, themes=["numerique"])
    client = Client()
    response = client.get(f"/aides/calendrier/alerte/{search.ics_token}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response.content)
    assert any("Chèque numérique Manche" in s for s in events)
    assert date(2099, 12, 31) in events.values()
    assert all(d >= timezone.localdate() for d in events.values())  # open only
    calendar = UserCalendar.objects.create(user=user)
    FollowedCall.objects.create(user=user, call=FundingCall.objects.get(external_id="ia-calvados"))
    mine = _events(client.get(f"/aides/calendrier/{calendar.token}.ics").content)
    assert list(mine.values()) == [date(2099, 3, 15)]
    assert client.get("/aides/calendrier/faux.ics").status_code == 404
    assert client.get("/aides/calendrier/alerte/faux.ics").status_code == 404


def test_digest_period_keys() -> None:
    day = datetime(2026, 11, 23).date()
    assert alerts.digest_period(Frequency.DAILY, day) == "2026-11-23"
    assert alerts.digest_period(Frequency.WEEKLY, day) == "2026-W48"
