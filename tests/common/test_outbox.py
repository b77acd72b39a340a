"""The outbox sends each idempotency key exactly once, even when the sender dies half-way."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from maillage.common.models import OutboxEmail, OutboxStatus
from maillage.common.outbox import outbox_enqueue, outbox_send_pending

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing catches it)."""


class DyingBackend(LocmemBackend):
    """A real in-memory transport that dies after delivering `budget` messages."""

    budget = 0

    def send_messages(self, messages: Any) -> int:
        if DyingBackend.budget <= 0:
            raise Killed
        DyingBackend.budget -= 1
        return super().send_messages(messages)


def _queue_digest(recipients: int) -> None:
    for i in range(recipients):
        outbox_enqueue(
            key=f"digest:alert-1:user{i}@exemple.test:2026-W48",
            to=f"user{i}@exemple.test",
            subject="Nouveaux appels à projets",
            body="Vous avez de nouveaux résultats.",
        )


def test_same_key_is_queued_once() -> None:
    _queue_digest(3)
    _queue_digest(3)
    assert OutboxEmail.objects.count() == 3


def test_interrupted_run_then_rerun_sends_each_email_once(settings: Any) -> None:
    _queue_digest(10)
    settings.EMAIL_BACKEND = "tests.common.test_outbox.DyingBackend"
    DyingBackend.budget = 4
    with pytest.raises(Killed):
        outbox_send_pending()
    assert len(mail.outbox) == 4
    # The message being sent when the process died stays claimed; after the lease it is retried.
    OutboxEmail.objects.filter(status=OutboxStatus.SENDING).update(claimed_at="2000-01-01T00:00Z")
    _queue_digest(10)  # the digest job itself is re-run too: nothing new is queued
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = outbox_send_pending()
    assert report.sent == 6
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(f"user{i}@exemple.test" for i in range(10))
    assert OutboxEmail.objects.filter(status=OutboxStatus.SENT).count() == 10


class FailingBackend(LocmemBackend):
    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("SMTP down")


def test_transport_errors_are_recorded_and_retried(settings: Any) -> None:
    _queue_digest(1)
    settings.EMAIL_BACKEND = "tests.common.test_outbox.FailingBackend"
    report = outbox_send_pending()
    assert (report.sent, report.failed) == (0, 1)
    row = OutboxEmail.objects.get()
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert "SMTP down" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send_pending().sent == 1
