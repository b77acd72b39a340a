"""The e-mail outbox: enqueue in the caller's transaction, send later, each key exactly once.

Sending claims one row at a time with `UPDATE … WHERE status IN (pending, stale sending)` that
must change exactly one row (two senders never take the same message), sends it, then marks it
sent. A sender killed half-way leaves already-sent rows marked `sent` and untouched rows
`pending`, so a re-run sends only what is left.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.common.models import OutboxEmail, OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A message claimed longer ago than this by a sender that died is taken up again.
CLAIM_LEASE = timedelta(minutes=10)


def outbox_enqueue(*, key: str, to: str, subject: str, body: str) -> bool:
    """Queue an e-mail under an idempotency key; returns False when the key was already queued."""
    if OutboxEmail.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            OutboxEmail.objects.create(key=key, to=to, subject=subject, body=body)
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def _claim(message_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=OutboxStatus.PENDING) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )
    changed = (
        OutboxEmail.objects.filter(claimable, pk=message_id)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(status=OutboxStatus.SENDING, claimed_at=now)
    )
    return changed == 1


def outbox_send_pending(*, limit: int = 500) -> SendReport:
    """Send up to `limit` queued e-mails, oldest first."""
    now = timezone.now()
    ids = list(
        OutboxEmail.objects.filter(
            Q(status=OutboxStatus.PENDING)
            | Q(status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
        )
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    sent = failed = 0
    for message_id in ids:
        if not _claim(message_id):
            continue
        message = OutboxEmail.objects.get(pk=message_id)
        try:
            EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send()
        except Exception as exc:  # any transport error is recorded and retried
            attempts = message.attempts + 1
            OutboxEmail.objects.filter(pk=message_id).update(
                status=OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING,
                attempts=attempts,
                last_error=str(exc)[:2000],
            )
            log.warning("outbox: sending %s failed: %s", message.key, exc)
            failed += 1
            continue
        OutboxEmail.objects.filter(pk=message_id).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1
        )
        sent += 1
    return SendReport(sent=sent, failed=failed)
